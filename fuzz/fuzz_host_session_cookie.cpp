// Fuzzes the gallery session cookie decoder (SessionCodec::decode, on every request's Cookie
// header): once on the raw bytes, and once with the bytes as a payload under a valid MAC, so
// that the part after the signature check (base64url, JSON, fields, ages) is reached too.
#include "fuzz_common.h"

#include "pd/host/gallery_session.h"

#include <QMessageAuthenticationCode>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pd::fuzz::initOnce();
    static const QByteArray secret = QByteArrayLiteral("fuzz-site-secret-0123456789abcdef");
    static const pd::host::SessionCodec codec(secret);
    constexpr qint64 now = 1'800'000'000;
    const std::string raw(reinterpret_cast<const char*>(data), size);
    (void)codec.decode(raw, now, pd::host::kSessionMaxAgeSeconds);

    // The same signature the codec makes ("pd_g1." + payload, HMAC-SHA256, base64url); if the
    // codec's message format changes, this half only loses its reach, never reports wrongly.
    constexpr auto url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    const QByteArray payload = pd::fuzz::bytes(data, size).toBase64(url);
    const QByteArray mac = QMessageAuthenticationCode::hash(QByteArrayLiteral("pd_g1.") + payload, secret,
                                                            QCryptographicHash::Sha256)
                               .toBase64(url);
    const std::string signedValue = (payload + '.' + mac).toStdString();
    if (auto s = codec.decode(signedValue, now, pd::host::kSessionMaxAgeSeconds)) {
        if (s->eventId.isEmpty()) __builtin_trap();
        // A session that decodes encodes again to one that decodes to the same session.
        auto again = codec.decode(codec.encode(*s), now, pd::host::kSessionMaxAgeSeconds);
        if (!again || again->eventId != s->eventId || again->email != s->email || again->issuedAt != s->issuedAt)
            __builtin_trap();
    }
    return 0;
}
