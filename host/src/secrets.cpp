// Tokens and access codes through OpenSSL (RAND_bytes, PBKDF2-HMAC-SHA256, CRYPTO_memcmp).
#include "pd/host/secrets.h"

#include "pd/core/content_hash.h"

#include <QByteArray>
#include <QStringList>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace pd::host {

namespace {

constexpr int kAccessCodeIterations = 100000;

Result<QByteArray> randomBytes(int n) {
    QByteArray bytes(n, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), n) != 1)
        return makeError(ErrorCode::Internal, QStringLiteral("the system's random number generator failed"));
    return bytes;
}

QByteArray pbkdf2(const QByteArray& code, const QByteArray& salt, int iterations) {
    QByteArray out(32, Qt::Uninitialized);
    PKCS5_PBKDF2_HMAC(code.constData(), int(code.size()), reinterpret_cast<const unsigned char*>(salt.constData()),
                      int(salt.size()), iterations, EVP_sha256(), int(out.size()),
                      reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

} // namespace

Result<QString> generateToken() {
    auto bytes = randomBytes(32);
    if (!bytes.ok()) return bytes.error();
    return QString::fromLatin1(bytes->toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString tokenHash(const QString& token) {
    return sha256Hex(token.toUtf8());
}

bool constantTimeEquals(const QString& a, const QString& b) {
    const QByteArray x = a.toUtf8(), y = b.toUtf8();
    return x.size() == y.size() && CRYPTO_memcmp(x.constData(), y.constData(), size_t(x.size())) == 0;
}

Result<QString> hashAccessCode(const QString& code) {
    auto salt = randomBytes(16);
    if (!salt.ok()) return salt.error();
    const QByteArray hash = pbkdf2(code.toUtf8(), salt.value(), kAccessCodeIterations);
    return QStringLiteral("pbkdf2-sha256$%1$%2$%3")
        .arg(kAccessCodeIterations)
        .arg(QString::fromLatin1(salt->toHex()), QString::fromLatin1(hash.toHex()));
}

bool verifyAccessCode(const QString& code, const QString& hash) {
    const QStringList parts = hash.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts[0] != QLatin1String("pbkdf2-sha256")) return false;
    bool ok = false;
    const int iterations = parts[1].toInt(&ok);
    if (!ok || iterations < 1 || iterations > 10000000) return false;
    const QByteArray salt = QByteArray::fromHex(parts[2].toLatin1());
    const QString expected = QString::fromLatin1(pbkdf2(code.toUtf8(), salt, iterations).toHex());
    return constantTimeEquals(expected, parts[3]);
}

} // namespace pd::host
