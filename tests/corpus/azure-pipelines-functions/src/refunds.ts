const refundsOn = process.env.FEATURE_REFUNDS === "true";
const adyen = process.env.ADYEN_ENDPOINT!;
export function canRefund(): boolean {
  return refundsOn && adyen.length > 0;
}
