"""The production quote bus: a Redis stream per symbol plus a latest-quote hash.

Keys (under a configurable prefix):
- `<prefix>quotes:<SYM>`: a stream whose entry IDs are `<ts_ms>-<seq>`, so
  "as of T" is XREVRANGE from T and "(T1, T2]" is XRANGE from T1+1 to T2.
  Redis itself keeps the IDs increasing, which is the append-only-in-time rule.
- `<prefix>quotes:latest`: a hash symbol → newest quote, for the live views.

Each entry holds one field, the codec's compact text. A batch is written by
one Lua script, which checks every symbol's newest timestamp before it writes
anything: the batch is all or nothing even with several publishers, and it
costs one round trip. The script also trims each stream approximately to the
retention, measured back from the newest quote, so a replay of old data keeps
its own last days instead of being trimmed away by the wall clock.
"""
import functools

import redis

from LiveData.bus.base import QuoteBus, QuoteBusUnavailable, QuoteOrderError
from LiveData.bus.codec import decode, encode
from LiveData.bus.ordering import in_time_order
from LiveData.quotes import Quote

# KEYS: the latest hash, then one stream per symbol of the batch.
# ARGV: retention_ms, symbol count n, the n symbols, then per quote in time
# order: the symbol's position (1..n), ts_ms, encoded quote.
_PUBLISH = """
local retention = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local first = 3 + n
local newest = {}
for i = 1, n do
  local top = -1
  local head = redis.call('HGET', KEYS[1], ARGV[2 + i])
  if head then top = tonumber(string.match(head, '^(%d+)')) end
  if redis.call('EXISTS', KEYS[1 + i]) == 1 then
    local info = redis.call('XINFO', 'STREAM', KEYS[1 + i])
    for j = 1, #info, 2 do
      if info[j] == 'last-generated-id' then
        local ms = tonumber(string.match(info[j + 1], '^(%d+)'))
        if ms > top then top = ms end
      end
    end
  end
  newest[i] = top
end
for k = first, #ARGV, 3 do
  local i = tonumber(ARGV[k])
  if tonumber(ARGV[k + 1]) < newest[i] then
    return {'older', ARGV[2 + i], ARGV[k + 1], string.format('%.0f', newest[i])}
  end
end
local last = {}
for k = first, #ARGV, 3 do
  local i = tonumber(ARGV[k])
  redis.call('XADD', KEYS[1 + i], ARGV[k + 1] .. '-*', 'q', ARGV[k + 2])
  last[i] = k
end
for i = 1, n do
  local k = last[i]
  redis.call('HSET', KEYS[1], ARGV[2 + i], ARGV[k + 2])
  if retention > 0 then
    local minid = string.format('%.0f', tonumber(ARGV[k + 1]) - retention)
    redis.call('XTRIM', KEYS[1 + i], 'MINID', '~', minid)
  end
end
return (#ARGV - first + 1) / 3
"""

_READ_CHUNK = 5000


def _reachable(method):
    """Report a connection problem as QuoteBusUnavailable (callers may retry)."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise QuoteBusUnavailable(f"Redis quote bus unreachable: {exc}") from exc

    return wrapper


class RedisQuoteBus(QuoteBus):
    kind = "redis"

    def __init__(self, url: str, prefix: str = "thor:", retention_sec: int = 3 * 24 * 3600):
        self._client = redis.Redis.from_url(
            url, decode_responses=True, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30,
        )
        self._prefix = prefix
        self._latest_key = f"{prefix}quotes:latest"
        self._retention_ms = max(0, retention_sec) * 1000
        self._publish = self._client.register_script(_PUBLISH)

    def _stream(self, symbol: str) -> str:
        return f"{self._prefix}quotes:{symbol}"

    @_reachable
    def publish(self, quotes):
        if not quotes:
            return 0
        position: dict[str, int] = {}
        triplets = []
        for quote in in_time_order(quotes):
            index = position.get(quote.symbol)
            if index is None:
                index = position[quote.symbol] = len(position) + 1
            triplets += (index, quote.ts_ms, encode(quote))
        symbols = list(position)
        result = self._publish(
            keys=[self._latest_key, *map(self._stream, symbols)],
            args=[self._retention_ms, len(symbols), *symbols, *triplets],
        )
        if isinstance(result, list):
            _older, symbol, ts_ms, newest_ms = result
            raise QuoteOrderError(symbol, int(ts_ms), int(newest_ms))
        return result

    @_reachable
    def latest(self, symbols):
        symbols = list(symbols)
        if not symbols:
            return {}
        found = self._client.hmget(self._latest_key, symbols)
        return {symbol: decode(symbol, text) for symbol, text in zip(symbols, found) if text is not None}

    @_reachable
    def as_of(self, symbol, ts_ms):
        entries = self._client.xrevrange(self._stream(symbol), max=ts_ms, min="-", count=1)
        return decode(symbol, entries[0][1]["q"]) if entries else None

    @_reachable
    def between(self, symbol, after_ms, until_ms):
        if until_ms <= after_ms:
            return []
        quotes: list[Quote] = []
        start = after_ms + 1  # the ID "T1+1" is T1+1-0: the first ID after every T1-seq
        while True:
            entries = self._client.xrange(self._stream(symbol), min=start, max=until_ms, count=_READ_CHUNK)
            quotes += [decode(symbol, fields["q"]) for _id, fields in entries]
            if len(entries) < _READ_CHUNK:
                return quotes
            start = f"({entries[-1][0]}"

    @_reachable
    def prune(self, before_ms):
        symbols = self._client.hkeys(self._latest_key)
        pipe = self._client.pipeline(transaction=False)
        for symbol in symbols:
            pipe.xtrim(self._stream(symbol), minid=before_ms, approximate=False)
        return sum(pipe.execute())

    @_reachable
    def ping(self):
        self._client.ping()
