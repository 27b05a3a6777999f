// Making a photographer: validate the name, make a token, store its hash.
#include "pd/host/photographer_admin.h"

#include "pd/host/host_store.h"
#include "pd/host/secrets.h"

#include <QUuid>

namespace pd::host {

Result<NewPhotographer> addPhotographer(HostStore& store, const QString& name) {
    if (name.trimmed().isEmpty() || name.size() > 200)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a photographer's name has 1 to 200 characters"));
    if (!QUuid::fromString(name).isNull())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a photographer's name cannot be a UUID"), name);
    auto token = generateToken();
    if (!token.ok()) return token.error();
    auto added = store.addPhotographer(name, tokenHash(token.value()));
    if (!added.ok()) return added.error();
    return NewPhotographer{added.value(), token.value()};
}

} // namespace pd::host
