import type { Total } from "../../api/types";
import { formatPrice, formatSigned } from "../../ui/numbers";
import { viewerTitle } from "../../ui/time";
import { SignalChip } from "./SignalChip";

/** The composite of the classified symbols: only signal_weight_sum decides the signal (SPEC §1). */
export function TotalCard({ total, instruments }: { total: Total; instruments: number }) {
  return (
    <article className="card card--total" aria-labelledby="card-TOTAL">
      <header className="card__head">
        <h3 id="card-TOTAL">TOTAL</h3>
        <SignalChip signal={total.composite_signal} />
      </header>
      <p className="card__name" title={viewerTitle(Date.parse(total.as_of))}>
        {total.status}
      </p>
      <dl className="card__facts">
        <dt>Signal weight sum</dt>
        <dd>{formatSigned(total.signal_weight_sum, 0)}</dd>
        <dt>Weighted average</dt>
        <dd>{formatPrice(total.avg_weighted, 3)}</dd>
        <dt>Sum weighted</dt>
        <dd>{formatPrice(total.sum_weighted, 3)}</dd>
        <dt>Instruments</dt>
        <dd>
          {total.count} of {instruments}
        </dd>
      </dl>
    </article>
  );
}
