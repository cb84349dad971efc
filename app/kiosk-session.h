/* kiosk-session.h: one resident's session, an explicit state machine over the core's services. */
#pragma once

#include <gio/gio.h>

#include "app/kiosk-config.h"

G_BEGIN_DECLS

/* The states, in journey order; the transition table lives in kiosk-session.c. */
typedef enum {
  KIOSK_SESSION_IDLE,         /* attract screen; kiosk_session_start() begins */
  KIOSK_SESSION_CARD,         /* waiting for a card, then reading its certificate */
  KIOSK_SESSION_PIN,          /* waiting for kiosk_session_submit_pin() */
  KIOSK_SESSION_AUTHENTICATE, /* PIN check, card signature, center authentication */
  KIOSK_SESSION_CHOOSE,       /* catalogue shown; waiting for kiosk_session_choose() */
  KIOSK_SESSION_CONFIRM,      /* review with the fee; waiting for kiosk_session_confirm() */
  KIOSK_SESSION_PRINT,        /* fetching, checking the binding, printing */
  KIOSK_SESSION_TAKE_CARD,    /* waiting for the card to leave the reader */
  KIOSK_SESSION_DONE,         /* certificate printed; back to IDLE with kiosk_session_reset() */
  KIOSK_SESSION_FAILED,       /* see kiosk_session_get_error(); back to IDLE with reset */
  KIOSK_SESSION_N_STATES,
} KioskSessionState;

/* One certificate the catalogue offers. */
typedef struct {
  char *municipality_code;
  char *municipality_name;
  char *type;  /* "juminhyo" */
  char *name;  /* "住民票の写し" */
  guint fee;   /* yen per copy */
} KioskOffer;

#define KIOSK_TYPE_SESSION (kiosk_session_get_type ())
G_DECLARE_FINAL_TYPE (KioskSession, kiosk_session, KIOSK, SESSION, GObject)

/* A session over @config; opens the journal and the card reader lazily. */
KioskSession *kiosk_session_new (KioskConfig *config);

/* The current state; observe "notify::state" (emitted on the thread-default main context of
 * the caller of kiosk_session_new()). */
KioskSessionState kiosk_session_get_state (KioskSession *self);

/* TRUE if the transition table lets @from move to @to. */
gboolean kiosk_session_transition_allowed (KioskSessionState from, KioskSessionState to);

/* A stable name for @state ("pin"), for logs and tests. */
const char *kiosk_session_state_name (KioskSessionState state);

/* The error that put the session in FAILED, or the last recoverable one (wrong PIN); NULL if none. */
const GError *kiosk_session_get_error (KioskSession *self);

/* Tries left for the PIN, known from CARD on; -1 if unknown. */
int kiosk_session_get_pin_tries_left (KioskSession *self);

/* The offers of the catalogue (KioskOffer*), valid in CHOOSE and after. */
GPtrArray *kiosk_session_get_offers (KioskSession *self);

/* The chosen offer and copies, valid in CONFIRM and after. */
const KioskOffer *kiosk_session_get_choice (KioskSession *self, guint *copies);

/* Where the printed job can be found (the printer's job id), valid in TAKE_CARD and DONE. */
int kiosk_session_get_print_job_id (KioskSession *self);

/* The session's journal id (no personal data), valid from CARD on. */
const char *kiosk_session_get_id (KioskSession *self);

/* Starts watching the card reader now, so that the attract screen can tell whether the terminal
 * can serve anyone; otherwise watching starts with the first kiosk_session_start(). */
void kiosk_session_watch_reader (KioskSession *self);

/* TRUE while the card reader is there as the session last heard ("notify::reader-present");
 * FALSE until watching starts and reports it. */
gboolean kiosk_session_get_reader_present (KioskSession *self);

/* IDLE → CARD. */
void kiosk_session_start (KioskSession *self);

/* PIN → AUTHENTICATE. The digits are copied into the card driver's call and wiped there;
 * the caller wipes its own buffer. A wrong PIN comes back to PIN with the error set. */
void kiosk_session_submit_pin (KioskSession *self, const char *pin);

/* CHOOSE → CONFIRM with the offer at @index in kiosk_session_get_offers(). */
void kiosk_session_choose (KioskSession *self, guint index, guint copies);

/* CONFIRM → PRINT. */
void kiosk_session_confirm (KioskSession *self);

/* Any state → FAILED (KIOSK_ERROR_CANCELLED), then TAKE_CARD if a card is in. */
void kiosk_session_cancel (KioskSession *self);

/* DONE or FAILED → IDLE: wipes everything the session held. */
void kiosk_session_reset (KioskSession *self);

G_END_DECLS
