/* kiosk-session-private.h: what the session's files share and nothing else may call. */
#pragma once

#include "app/kiosk-center-client.h"
#include "app/kiosk-credential.h"
#include "app/kiosk-journal.h"
#include "app/kiosk-session.h"
#include "drivers/card/kiosk-card-monitor.h"
#include "drivers/card/kiosk-card.h"

G_BEGIN_DECLS

struct _KioskSession {
  GObject parent_instance;

  KioskConfig *config; /* borrowed: outlives the session */
  KioskJournal *journal;
  KioskCardReader *reader;
  KioskCardMonitor *monitor; /* the reader's and the card's comings and goings, as they happen */
  KioskCenterClient *center;

  KioskSessionState state;
  GError *error;
  guint generation; /* bumped on reset and cancel: late worker results are dropped */
  gboolean busy;    /* a worker runs and borrows the credential and reader */
  gboolean reset_pending; /* reset asked while busy: done when the worker returns */
  GCancellable *cancellable;
  guint idle_source;

  /* What one resident's session holds; all of it is wiped by reset. */
  char *id;
  KioskCredential *credential;
  GBytes *certificate;
  char *card_fingerprint;
  int pin_tries_left;
  char *center_session;
  GPtrArray *offers;
  guint choice;
  guint copies;
  int print_job_id;
};

/* Moves to @to if the table allows it, journaling the step first (kiosk-session.c). */
gboolean kiosk_session_transition (KioskSession *self, KioskSessionState to);

/* Takes @error as the session's error and moves to FAILED. */
void kiosk_session_fail (KioskSession *self, GError *error);

/* Starts the inactivity timer of a state that waits for the resident. */
void kiosk_session_wait_for_resident (KioskSession *self);

/* Wipes what the session held about the resident. */
void kiosk_session_wipe (KioskSession *self);

/* The blocking steps, each on a worker thread (kiosk-session-steps.c). */
void kiosk_session_card_start (KioskSession *self);
void kiosk_session_authenticate_start (KioskSession *self, char *pin);
void kiosk_session_print_start (KioskSession *self);
void kiosk_session_take_card_start (KioskSession *self);

G_END_DECLS
