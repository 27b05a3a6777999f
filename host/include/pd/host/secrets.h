// Bearer tokens and gallery access codes: made from the system's CSPRNG, stored only as hashes,
// compared in constant time.
#pragma once

#include "pd/core/result.h"

#include <QString>

namespace pd::host {

// 32 random bytes as unpadded base64url (43 characters). Shown to the person once.
Result<QString> generateToken();

// Lower-case hex SHA-256 of the token's UTF-8 bytes: what the store keeps and looks up.
QString tokenHash(const QString& token);

// True when the two strings are equal, in time that depends only on their lengths.
bool constantTimeEquals(const QString& a, const QString& b);

// A salted, slow hash of a gallery access code ("pbkdf2-sha256$ITER$SALT$HASH", hex fields):
// codes are short and people pick them, so a plain SHA-256 would be cheap to reverse.
Result<QString> hashAccessCode(const QString& code);
// Whether `code` matches a hash made by hashAccessCode; false for a malformed hash.
bool verifyAccessCode(const QString& code, const QString& hash);

} // namespace pd::host
