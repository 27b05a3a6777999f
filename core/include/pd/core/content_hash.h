// SHA-256 of content, the identity of every original and rendition.
#pragma once

#include <QByteArray>
#include <QString>

namespace pd {

// Lower-case hex SHA-256 of the bytes (OpenSSL; uses the CPU's SHA extensions when present).
QString sha256Hex(const char* data, qsizetype size);
inline QString sha256Hex(const QByteArray& bytes) { return sha256Hex(bytes.constData(), bytes.size()); }

// Incremental hashing of a stream.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void add(const char* data, qsizetype size);
    QString finishHex();
private:
    void* m_ctx;
};

} // namespace pd
