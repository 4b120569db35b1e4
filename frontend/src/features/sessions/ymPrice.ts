import { formatPrice } from "../../ui/numbers";

/** YM trades in whole points (tick size 1, SPEC §1); the card's prices are all YM's. */
export const YM_DECIMALS = 0;

export const formatYm = (value: number | null | undefined) => formatPrice(value, YM_DECIMALS);
