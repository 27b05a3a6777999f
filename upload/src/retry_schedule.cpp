// Backoff, Retry-After and the retryable statuses (see retry_schedule.h).
#include "pd/upload/retry_schedule.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace pd::upload {

std::chrono::milliseconds backoffDelay(const RetryPolicy& policy, int failedAttempts, std::mt19937_64& rng) {
    const long long base = std::max<long long>(0, policy.baseDelay.count());
    const long long cap = std::max<long long>(0, policy.maxDelay.count());
    long long ceiling = base;
    for (int i = 1; i < failedAttempts && ceiling < cap; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, cap);
    std::uniform_int_distribution<long long> pick(0, ceiling);
    return std::chrono::milliseconds(pick(rng));
}

std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r' ||
                              value.back() == '\n'))
        value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        long long seconds = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt; // overflow
        seconds = std::min<long long>(seconds, 100LL * 365 * 24 * 3600);
        return std::chrono::milliseconds(seconds * 1000);
    }
    // curl_getdate reads the three HTTP-date forms (and is thread-safe); -1 when it cannot.
    const std::string text(value);
    const time_t at = curl_getdate(text.c_str(), nullptr);
    if (at == time_t(-1)) return std::nullopt;
    const auto wait = std::chrono::system_clock::from_time_t(at) - now;
    return std::max(std::chrono::milliseconds(0), std::chrono::ceil<std::chrono::milliseconds>(wait));
}

bool isRetryableStatus(int httpStatus) {
    return httpStatus == 408 || httpStatus == 425 || httpStatus == 429 || (httpStatus >= 500 && httpStatus <= 599);
}

} // namespace pd::upload
