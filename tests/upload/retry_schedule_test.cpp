// The retry schedule's pure parts: full-jitter backoff bounds, Retry-After in both forms, and
// which statuses are worth another attempt.
#include <catch2/catch.hpp>

#include "pd/upload/retry_schedule.h"

#include <ctime>

using namespace pd::upload;
using std::chrono::milliseconds;

TEST_CASE("backoff is full jitter under a doubling ceiling capped at maxDelay", "[upload][retry]") {
    RetryPolicy policy;
    policy.baseDelay = milliseconds(100);
    policy.maxDelay = milliseconds(1000);
    std::mt19937_64 rng(42);
    for (int failed = 1; failed <= 8; ++failed) {
        const long long ceiling = std::min(1000LL, 100LL << (failed - 1));
        long long lo = ceiling, hi = 0, sum = 0;
        const int draws = 4000;
        for (int i = 0; i < draws; ++i) {
            const long long d = backoffDelay(policy, failed, rng).count();
            lo = std::min(lo, d);
            hi = std::max(hi, d);
            sum += d;
        }
        INFO("after " << failed << " failures, ceiling " << ceiling);
        CHECK(lo >= 0);
        CHECK(hi <= ceiling);
        // Spread over the whole range, not a fixed delay: near zero and near the ceiling both occur.
        CHECK(lo <= ceiling / 10);
        CHECK(hi >= ceiling * 9 / 10);
        CHECK(double(sum) / draws == Approx(ceiling / 2.0).epsilon(0.1));
    }
}

TEST_CASE("Retry-After is read as seconds or as an HTTP-date", "[upload][retry]") {
    const auto now = std::chrono::system_clock::now();
    CHECK(parseRetryAfter("120", now) == milliseconds(120000));
    CHECK(parseRetryAfter(" 3 ", now) == milliseconds(3000));
    CHECK(parseRetryAfter("0", now) == milliseconds(0));

    // IMF-fixdate 90 s ahead (second precision, so within a second of 90 s).
    const std::time_t ahead = std::chrono::system_clock::to_time_t(now) + 90;
    std::tm gmt{};
    gmtime_r(&ahead, &gmt);
    char date[64];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &gmt);
    const auto fromDate = parseRetryAfter(date, now);
    INFO(date);
    REQUIRE(fromDate.has_value());
    CHECK(fromDate->count() > 88000);
    CHECK(fromDate->count() <= 90000);

    // Dates in the past (the three forms of RFC 9110) mean "now".
    CHECK(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now) == milliseconds(0));
    CHECK(parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now) == milliseconds(0));
    CHECK(parseRetryAfter("Sun Nov  6 08:49:37 1994", now) == milliseconds(0));

    CHECK_FALSE(parseRetryAfter("", now).has_value());
    CHECK_FALSE(parseRetryAfter("soon", now).has_value());
    CHECK_FALSE(parseRetryAfter("-5", now).has_value());
    CHECK_FALSE(parseRetryAfter("99999999999999999999999", now).has_value());
}

TEST_CASE("timeouts, 429 and 5xx are retried, other 4xx are not", "[upload][retry]") {
    for (int s : {408, 425, 429, 500, 502, 503, 504, 599}) CHECK(isRetryableStatus(s));
    for (int s : {200, 201, 400, 401, 403, 404, 409, 413, 415, 422, 431}) CHECK_FALSE(isRetryableStatus(s));
}
