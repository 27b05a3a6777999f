// proofdesk-cli's publishing commands: host profiles, publish, and an event's gallery settings.
#pragma once

#include <QStringList>

namespace pd {
class Catalog;
}

namespace pd::cli {

// `host add NAME URL --token-file FILE | host use NAME | host list [--json] | host test [NAME]`.
int cmdHost(Catalog& catalog, const QStringList& rest);
// `publish EVENT [--wait] [--json] [--host NAME] [--speed-cap BYTES/s] [--jobs N]`.
int cmdPublish(Catalog& catalog, const QStringList& rest);
// The access code and expiry of `event set` (empty QString: not given). Returns an exit code
// after printing any error.
int setGallery(Catalog& catalog, const QString& eventId, const QStringList& accessCode, const QStringList& expires);

} // namespace pd::cli
