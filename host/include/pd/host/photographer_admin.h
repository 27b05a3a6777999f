// `proofdesk-host photographer add`: a new photographer and the token shown to them once.
#pragma once

#include "pd/core/result.h"
#include "pd/host/host_records.h"

namespace pd::host {

class HostStore;

struct NewPhotographer {
    Photographer photographer;
    QString token; // the only copy: the store keeps its SHA-256
};

// Errors: InvalidArgument (empty, longer than 200 characters, or shaped like an id, which
// `photographer revoke NAME|ID` could not tell apart), AlreadyExists, Database.
Result<NewPhotographer> addPhotographer(HostStore& store, const QString& name);

} // namespace pd::host
