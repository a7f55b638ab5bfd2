// HTTP-dates (RFC 9110 §5.6.7): the IMF-fixdate a sender generates, and the
// two obsolete forms a recipient must still read. Anything else is not a
// date, and the fields that carry one (If-Modified-Since, Last-Modified,
// Expires) are then ignored, as nginx (ngx_parse_http_time) and Varnish
// (VTIM_parse) ignore them. `Date.parse` would take `2025` or an ISO date,
// and reads asctime in local time.

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'
const MONTH = '([A-Z][a-z]{2})'
const TIME = '([01]\\d|2[0-3]):([0-5]\\d):([0-5]\\d)'
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec'

/** `Sun, 06 Nov 1994 08:49:37 GMT`: day, month, year, time. */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d\\d) ${MONTH} (\\d{4}) ${TIME} GMT$`)
/** `Sunday, 06-Nov-94 08:49:37 GMT`: day, month, two-digit year, time. */
const RFC_850 = new RegExp(
  `^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\\d\\d)-${MONTH}-(\\d\\d) ${TIME} GMT$`,
)
/** `Sun Nov  6 08:49:37 1994`: month, day, time, year. */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d\\d) ${TIME} (\\d{4})$`)

/** An HTTP-date as ms since the epoch, or undefined when `value` is absent or not one. */
export const httpDate = (value: string | null): number | undefined => {
  if (value === null) return
  const fixed = IMF_FIXDATE.exec(value) ?? RFC_850.exec(value)
  const asc = fixed ? null : ASCTIME.exec(value)
  const parts = fixed ? fixed.slice(1) : asc && [asc[2], asc[1], asc[6], asc[3], asc[4], asc[5]]
  if (!parts) return
  const [day, name = '', year = '', hours, minutes, seconds] = parts
  const month = MONTHS.indexOf(name) / 3
  let y = Number(year)
  if (year.length === 2) {
    // "more than 50 years in the future" means the last century (RFC 9110 §5.6.7).
    y += 2000
    if (y > new Date().getUTCFullYear() + 50) y -= 100
  }
  const ms = Date.UTC(y, month, Number(day), Number(hours), Number(minutes), Number(seconds))
  // No Apr 31, no Feb 29 outside leap years, no month that is not one.
  return month >= 0 && new Date(ms).getUTCDate() === Number(day) ? ms : undefined
}
