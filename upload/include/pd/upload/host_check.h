// The connection test of a host profile: GET /api/v1/me with its token.
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace pd::upload {

// The photographer the token belongs to ({"id", "name", "created_at"}). Errors name what to do:
// the host unreachable (Io), the token refused (InvalidArgument, the host's 401 message), an
// answer that is not proofdesk-host's (CorruptData). Blocks the calling thread up to ~20 s.
Result<QJsonObject> checkHost(const QString& baseUrl, const QByteArray& token);

} // namespace pd::upload
