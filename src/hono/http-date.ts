// HTTP-dates (RFC 9110 §5.6.7): the IMF-fixdate a sender generates, and the
// two obsolete forms a recipient must still read. Anything else is not a
// date, and the field that carries it (If-Modified-Since, Last-Modified,
// Expires) is ignored, as nginx (ngx_parse_http_time) and Varnish
// (VTIM_parse) ignore it. `Date.parse` alone would take `2025`, an ISO date
// or `Apr 31`, and reads asctime in local time.

/**
 * An HTTP-date as ms since the epoch, or undefined when `value` is absent or
 * not one. The obsolete forms are rewritten as IMF-fixdate, which is what
 * `Date.prototype.toUTCString()` writes and every engine must read back
 * (ECMA-262, Date.parse): a value that does not come back the same (Apr 31,
 * 24:00, a weekday that is not the date's, lower case) is not a date.
 */
export const httpDate = (value: string | null): number | undefined => {
  const imf = value
    // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT. A two-digit year more than 50
    // years ahead is in the last century.
    ?.replace(
      /^(\w{3})\w*day, (\d\d)-(\w{3})-(\d\d) (.{8}) GMT$/,
      (_, day, date, month, yy, time) => {
        const year = 2000 + Number(yy)
        return `${day}, ${date} ${month} ${year > new Date().getUTCFullYear() + 50 ? year - 100 : year} ${time} GMT`
      },
    )
    // asctime: Sun Nov  6 08:49:37 1994, in GMT.
    .replace(
      /^(\w{3}) (\w{3}) ( \d|\d\d) (.{8}) (\d{4})$/,
      (_, day, month, date: string, time, year) =>
        `${day}, ${date.trim().padStart(2, '0')} ${month} ${year} ${time} GMT`,
    )
  if (imf === undefined) return
  const ms = Date.parse(imf)
  return new Date(ms).toUTCString() === imf ? ms : undefined
}
