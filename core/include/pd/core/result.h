// The error and result types every layer returns across its boundary.
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace pd {

enum class ErrorCode {
    Io,             // a file or device could not be read or written
    NotFound,       // the thing named does not exist
    AlreadyExists,  // a unique thing (name, id) is taken
    InvalidArgument,// the caller asked for something malformed
    UnsupportedFormat,
    CorruptData,    // bytes that claim a format but do not decode as it
    TooLarge,       // over a safety limit (pixels, bytes)
    Database,
    Cancelled,
    Internal,
};

// A failure a person can act on: what went wrong, and where (file, URL, event).
struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString context;

    // "context: message", or just the message.
    QString toString() const { return context.isEmpty() ? message : context + QStringLiteral(": ") + message; }
    Error withContext(const QString& ctx) const { return Error{code, message, ctx}; }
};

inline Error makeError(ErrorCode code, QString message, QString context = {}) {
    return Error{code, std::move(message), std::move(context)};
}

// A value or an Error. Cheap to move; check ok() before value().
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { Q_ASSERT(ok()); return std::get<0>(m_v); }
    const T& value() const& { Q_ASSERT(ok()); return std::get<0>(m_v); }
    // By value: `for (x : f().value())` then extends the lifetime instead of dangling.
    T value() && { Q_ASSERT(ok()); return std::get<0>(std::move(m_v)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { Q_ASSERT(!ok()); return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// Success or an Error, for operations with no value.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return Status(); }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { Q_ASSERT(!ok()); return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace pd

// Propagates an error from a Status or Result expression out of the enclosing function.
#define PD_TRY(expr)                                  \
    do {                                              \
        auto&& pd_try_r_ = (expr);                    \
        if (!pd_try_r_.ok()) return pd_try_r_.error();\
    } while (0)
