/* sim-vpcd.h: the link from an emulated card to vpcd, the virtual reader inside pcscd. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* vpcd's one-byte control frames that need no answer. */
typedef enum {
  KIOSK_SIM_VPCD_POWER_OFF = 0x00,
  KIOSK_SIM_VPCD_POWER_ON = 0x01,
  KIOSK_SIM_VPCD_RESET = 0x02,
} KioskSimVpcdControl;

/* What the card behind the link does; called from the thread-default main context. */
typedef struct {
  /* The link connected to vpcd: the card is in the reader. */
  void (*connected) (gpointer user_data);
  /* Power off, power on or reset. */
  void (*control) (KioskSimVpcdControl control, gpointer user_data);
  /* The card's ATR. */
  GBytes *(*get_atr) (gpointer user_data);
  /* The ATR asked for by vpcd was sent. */
  void (*atr_sent) (gpointer user_data);
  /* The answer (data + SW1 SW2) to a command APDU; the link wipes @apdu afterwards. NULL: the
   * card leaves the reader mid-command: the link closes unanswered and no callback follows. */
  GBytes *(*transmit) (const guint8 *apdu, gsize apdu_len, gpointer user_data);
  /* The link is gone (vpcd closed it, a frame could not be exchanged, or no connection was
   * made in time); @error says why. Not called after kiosk_sim_vpcd_close(). */
  void (*closed) (const GError *error, gpointer user_data);
} KioskSimVpcdCallbacks;

typedef struct _KioskSimVpcd KioskSimVpcd;

/* A link that will serve @callbacks (kept by reference) with @user_data. */
KioskSimVpcd *kiosk_sim_vpcd_new (const KioskSimVpcdCallbacks *callbacks, gpointer user_data);

/* Connects to vpcd at @host_port ("127.0.0.1:35963"), retrying while vpcd does not listen
 * yet, for up to @timeout_ms; then serves frames until closed. */
void kiosk_sim_vpcd_connect (KioskSimVpcd *self, const char *host_port, guint timeout_ms);

/* Closes the connection (the card leaves the reader); no callback follows. */
void kiosk_sim_vpcd_close (KioskSimVpcd *self);

/* Closes and frees the link; NULL is allowed. */
void kiosk_sim_vpcd_free (KioskSimVpcd *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSimVpcd, kiosk_sim_vpcd_free)

G_END_DECLS
