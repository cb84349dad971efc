/* kiosk-error-text.c: the table from KioskError codes to the words a resident reads. */
#include "ui/kiosk-error-text.h"

#include <glib/gi18n.h>

#include "app/kiosk-error.h"

#define CALL_STAFF N_("店員をお呼びください。料金はかかりません。")
#define CALL_STAFF_EN N_("Please call a member of staff. You have not been charged.")
#define START_AGAIN N_("はじめからもう一度お試しください。")
#define START_AGAIN_EN N_("Please start again from the beginning.")
#define TRY_LATER N_("しばらくしてから、もう一度お試しください。")
#define TRY_LATER_EN N_("Please try again a little later.")
#define ASK_COUNTER N_("お住まいの市区町村の窓口でご相談ください。")
#define ASK_COUNTER_EN N_("Please ask at the counter of your city, town or village office.")

/* Indexed by KioskError; every code has words (checked by the gui suite). */
static const KioskErrorText texts[] = {
  [KIOSK_ERROR_FAILED] = { N_("システムに問題が発生しました"), N_("Something went wrong in the system"),
                           CALL_STAFF, CALL_STAFF_EN },
  [KIOSK_ERROR_READER_MISSING] = { N_("カードリーダーが使えません"),
                                   N_("The card reader is not available"), CALL_STAFF,
                                   CALL_STAFF_EN },
  [KIOSK_ERROR_CARD_TIMEOUT] = { N_("カードが置かれませんでした"), N_("No card was placed"),
                                 START_AGAIN, START_AGAIN_EN },
  [KIOSK_ERROR_CARD_REMOVED] = { N_("途中でカードが離れました"),
                                 N_("The card was taken off the reader too early"),
                                 N_("カードを置いたまま、はじめからもう一度お試しください。"),
                                 N_("Please start again and leave the card on the reader.") },
  [KIOSK_ERROR_CARD_MUTE] = { N_("カードを読み取れませんでした"), N_("The card could not be read"),
                              N_("カードを置き直して、もう一度お試しください。"),
                              N_("Please place the card again and retry.") },
  [KIOSK_ERROR_NOT_MY_NUMBER_CARD] = { N_("マイナンバーカードではありません"),
                                       N_("This is not a My Number Card"),
                                       N_("マイナンバーカードを置いてください。"),
                                       N_("Please use your My Number Card.") },
  [KIOSK_ERROR_NO_CERTIFICATE] = { N_("カードに利用者証明用電子証明書がありません"),
                                   N_("The card has no user authentication certificate"),
                                   ASK_COUNTER, ASK_COUNTER_EN },
  [KIOSK_ERROR_CERT_NOT_YET_VALID] = { N_("この電子証明書はまだ使えません"),
                                       N_("The card's certificate is not valid yet"), ASK_COUNTER,
                                       ASK_COUNTER_EN },
  [KIOSK_ERROR_CERT_EXPIRED] = { N_("電子証明書の有効期限が切れています"),
                                 N_("The card's certificate has expired"),
                                 N_("市区町村の窓口で電子証明書を更新してください。"),
                                 N_("Please renew the certificate at your municipal office.") },
  [KIOSK_ERROR_CERT_REVOKED] = { N_("電子証明書が使えない状態です"),
                                 N_("The card's certificate is revoked or suspended"),
                                 ASK_COUNTER, ASK_COUNTER_EN },
  [KIOSK_ERROR_PIN_WRONG] = { N_("暗証番号が違います"), N_("The PIN is not correct"),
                              N_("正しい暗証番号を入力してください。"),
                              N_("Please enter the correct PIN.") },
  [KIOSK_ERROR_PIN_LOCKED] = { N_("暗証番号がロックされました"), N_("The PIN is locked"),
                               N_("市区町村の窓口で暗証番号の再設定をしてください。"),
                               N_("Please have the PIN reset at your municipal office.") },
  [KIOSK_ERROR_CENTER_UNREACHABLE] = { N_("ただいまサービスに接続できません"),
                                       N_("The service cannot be reached right now"), TRY_LATER,
                                       TRY_LATER_EN },
  [KIOSK_ERROR_AUTH_REJECTED] = { N_("本人確認ができませんでした"),
                                  N_("Your identity could not be confirmed"), ASK_COUNTER,
                                  ASK_COUNTER_EN },
  [KIOSK_ERROR_REFUSED] = { N_("この証明書はここでは交付できません"),
                            N_("This certificate cannot be issued here"),
                            N_("市区町村の窓口でお申し込みください。"),
                            N_("Please apply at the counter of your municipal office.") },
  [KIOSK_ERROR_PROTOCOL] = { N_("通信に問題がありました"), N_("There was a communication problem"),
                             TRY_LATER, TRY_LATER_EN },
  [KIOSK_ERROR_BINDING_MISMATCH] = { N_("証明書を確認できなかったため、印刷していません"),
                                     N_("The certificate could not be verified, so nothing was printed"),
                                     CALL_STAFF, CALL_STAFF_EN },
  [KIOSK_ERROR_PRINT_FAILED] = { N_("印刷できませんでした"), N_("Printing failed"),
                                 N_("料金はお返しします。店員をお呼びください。"),
                                 N_("Your fee will be refunded. Please call a member of staff.") },
  [KIOSK_ERROR_TIMEOUT] = { N_("時間内に操作がありませんでした"),
                            N_("There was no answer in time"), START_AGAIN, START_AGAIN_EN },
  [KIOSK_ERROR_CANCELLED] = { N_("取り消しました"), N_("Cancelled"),
                              N_("料金はかかりません。またご利用ください。"),
                              N_("You have not been charged. You are welcome to start again.") },
  [KIOSK_ERROR_JOURNAL] = { N_("この端末はただいま使えません"),
                            N_("This terminal is out of service"), CALL_STAFF, CALL_STAFF_EN },
  [KIOSK_ERROR_CONFIG] = { N_("この端末はただいま使えません"),
                           N_("This terminal is out of service"), CALL_STAFF, CALL_STAFF_EN },
};

/* The words for @error. */
const KioskErrorText *
kiosk_error_text_lookup (const GError *error)
{
  if (error == NULL || error->domain != KIOSK_ERROR || error->code < 0 ||
      (gsize) error->code >= G_N_ELEMENTS (texts) || texts[error->code].what == NULL)
    return &texts[KIOSK_ERROR_FAILED];
  return &texts[error->code];
}
