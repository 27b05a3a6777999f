// SHA-256 through OpenSSL's EVP interface, which picks the CPU's SHA extensions when present.
#include "pd/core/content_hash.h"

#include <openssl/evp.h>

namespace pd {

namespace {
QString toHex(const unsigned char* digest, unsigned int len) {
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(digest), int(len)).toHex());
}
} // namespace

QString sha256Hex(const char* data, qsizetype size) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data, size_t(size), digest, &len, EVP_sha256(), nullptr);
    return toHex(digest, len);
}

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(m_ctx), EVP_sha256(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_ctx)); }

void Sha256::add(const char* data, qsizetype size) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(m_ctx), data, size_t(size));
}

QString Sha256::finishHex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(m_ctx), digest, &len);
    return toHex(digest, len);
}

} // namespace pd
