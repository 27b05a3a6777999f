// When the uploader tries a failed transfer again: the retry budget, exponential backoff with
// full jitter, and the host's Retry-After header. Pure functions, callable from any thread.
#pragma once

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace pd::upload {

// How hard a transfer is tried before it is given up. A transfer gives up when it has made
// `maxAttempts` attempts, or when the next attempt would start later than `maxTotal` after the
// first one began (a Retry-After longer than what is left of the budget gives up at once).
struct RetryPolicy {
    int maxAttempts = 8;
    std::chrono::milliseconds baseDelay{500};   // the first backoff is drawn from [0, baseDelay]
    std::chrono::milliseconds maxDelay{30000};  // the backoff ceiling (Retry-After is not capped by it)
    std::chrono::milliseconds maxTotal{std::chrono::minutes(10)};
};

// The wait before the next attempt after `failedAttempts` (>= 1) failures, without Retry-After:
// "full jitter", uniform in [0, min(maxDelay, baseDelay * 2^(failedAttempts-1))].
std::chrono::milliseconds backoffDelay(const RetryPolicy& policy, int failedAttempts, std::mt19937_64& rng);

// The wait a Retry-After value asks for: delay-seconds ("120") or an HTTP-date ("Wed, 21 Oct
// 2026 07:28:00 GMT", also the RFC 850 and asctime forms), relative to `now`. A date in the past
// is zero; nullopt for anything unparsable (the caller then uses its own backoff).
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

// Whether an HTTP status is worth retrying: 408, 425, 429 and every 5xx.
bool isRetryableStatus(int httpStatus);

} // namespace pd::upload
