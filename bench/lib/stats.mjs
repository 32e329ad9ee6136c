// Small numeric helpers of the bench.

/** The median (the lower middle value for an even count); NaN for none. */
export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** `value` with `digits` decimals, or `–` when it is not a number. */
export function fixed(value, digits = 0) {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** An integer with thin-space thousands: 12 345. */
export function int(value) {
  if (!Number.isFinite(value)) return '–';
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** A ratio as `0.87×`. */
export function ratio(value) {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–';
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
