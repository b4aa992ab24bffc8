package dev.seedloop.llm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request and token budgets an endpoint announces in its rate-limit headers, kept as token buckets that the
 * calls to it draw on, so that a client keeps under the limits instead of learning them from 429s. Each answer's
 * remaining budget, less what this process sent after that call, is a ceiling on a bucket's level: the level is
 * lowered to it, never raised by it (answers come back out of order, and the server may count a call later than
 * it was sent), and otherwise follows what this process takes and the announced rate refills. Every gateway of a
 * process that calls the same endpoint with the same key shares one instance, since the server counts them
 * together. Until the first answer with headers there is no limit here.
 * <p>
 * A server counts tokens with its own tokenizer, so a call's reservation (a prompt estimate and its token limit)
 * may fall short of what the server deducts: the shortfall per call is learned from the drift between the local
 * level and the announced one, and added to every reservation. One request and that margin are kept in reserve, so
 * the rounding of the announced figures never makes a call the one too many. Thread-safe.
 */
final class ServerLimits {

    private static final Map<String, ServerLimits> BY_ENDPOINT = new ConcurrentHashMap<>();

    private TokenBucket requests;
    private TokenBucket tokens;
    private long requestsSent;
    private long tokensSent;
    /** Tokens the server deducts per call beyond the reservation, as learned so far. */
    private double shortfall;
    private long requestsAtTokenSync;

    /** What a call took when it was sent: the totals sent up to and with it. */
    record Ticket(long requestsSent, long tokensSent) {
    }

    /** The instance for an endpoint and a key (the key is only hashed into the name, never kept). */
    static ServerLimits of(String baseUrl, String apiKey) {
        return BY_ENDPOINT.computeIfAbsent(baseUrl + "#" + Integer.toHexString(apiKey.hashCode()),
                name -> new ServerLimits());
    }

    /** Nanoseconds until a call reserving {@code reservedTokens} fits the known budgets; 0 when it does now. */
    synchronized long waitFor(long reservedTokens, long now) {
        long wait = requests == null ? 0 : requests.waitFor(2, now);
        return tokens == null ? wait : Math.max(wait, tokens.waitFor(withShortfall(reservedTokens) * 2, now));
    }

    /** Takes a call's share of the budgets as it is sent. */
    synchronized Ticket take(long reservedTokens, long now) {
        long charged = withShortfall(reservedTokens);
        requestsSent++;
        tokensSent += charged;
        if (requests != null) {
            requests.take(1, now);
        }
        if (tokens != null) {
            tokens.take(charged, now);
        }
        return new Ticket(requestsSent, tokensSent);
    }

    private long withShortfall(long reservedTokens) {
        return reservedTokens + (long) Math.ceil(shortfall);
    }

    /** Learns the budgets from the headers of the answer to the call sent with {@code ticket}. */
    synchronized void observe(RateLimitHeaders headers, Ticket ticket, long now) {
        if (headers.limitRequests().isPresent() && headers.limitRequests().getAsLong() > 0) {
            requests = resized(requests, headers.limitRequests().getAsLong(), now);
            if (headers.remainingRequests().isPresent()) {
                requests.lowerTo(headers.remainingRequests().getAsLong() - (requestsSent - ticket.requestsSent()),
                        now);
            }
        }
        if (headers.limitTokens().isPresent() && headers.limitTokens().getAsLong() > 0) {
            tokens = resized(tokens, headers.limitTokens().getAsLong(), now);
            if (headers.remainingTokens().isPresent()) {
                double local = tokens.level(now);
                double announced = headers.remainingTokens().getAsLong() - (tokensSent - ticket.tokensSent());
                tokens.lowerTo(announced, now);
                long calls = requestsSent - requestsAtTokenSync;
                if (calls > 0) {
                    // Positive when the server deducts more per call than the reservations: learned, then charged
                    double perCall = (local - announced) / calls;
                    shortfall = Math.max(0, shortfall + 0.2 * perCall);
                }
                requestsAtTokenSync = requestsSent;
            }
        }
    }

    /** The requests a minute the server allows, once known; 0 before. */
    synchronized long requestsPerMinute() {
        return requests == null ? 0 : requests.capacity();
    }

    private static TokenBucket resized(TokenBucket bucket, long perMinute, long now) {
        if (bucket == null) {
            // Full until the first figure lowers it, right after
            return new TokenBucket(perMinute, now);
        }
        if (bucket.capacity() != perMinute) {
            bucket.resize(perMinute, now);
        }
        return bucket;
    }
}
