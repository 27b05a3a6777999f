// Where the studio keeps a host profile's token: the desktop keyring through QtKeychain (service
// "proofdesk", key = keyringKey(): the profile's name and its catalog's folder, so two catalogs'
// profiles of one name never share an entry), and where there is none (headless, no D-Bus secret
// service) the file PublishStore keeps beside the catalog, readable by the user only (0600).
// The app adds profiles through addProfile (keyring when there is one); `proofdesk-cli host add`
// writes the file. Both read through token(): the file when there is one, else the keyring, so
// the CLI on a desktop publishes with a token the app put in the keyring.
#pragma once

#include "pd/core/result.h"
#include "pd/db/publish_store.h"

#include <QByteArray>
#include <QString>

namespace pd::upload {

inline constexpr const char* kKeyringService = "proofdesk";

struct TokenStorage {
    bool inKeyring = false;    // the desktop keyring holds it
    QString file;              // the 0600 file that holds it (PublishStore's); empty when in the keyring
    QString keyringProblem;    // why the keyring was not used ("" when it was)
    // One sentence for the profiles dialog.
    QString describe() const;
};

// The keyring is asked on the application's main thread only (QtKeychain's job executor lives
// there); on any other thread it counts as absent, so workers get keyring tokens handed to them
// (PublishOptions::token). Each keyring call waits for its job in a local event loop (the GUI
// stays responsive), a minute at most so that a person can answer the keyring's unlock prompt;
// a job that has not answered by then is left to QtKeychain, which finishes and deletes it.
// PROOFDESK_KEYRING=off skips the keyring.
class HostTokens {
public:
    // Adds the profile through PublishStore::addHost (which writes the 0600 file), then puts the
    // token in the keyring when there is one and removes the file: the app hands the Publisher
    // the keyring's token (PublishOptions::token). Headless (no keyring) the file stays. See
    // describe(). Errors: addHost's.
    static Result<std::pair<HostProfile, TokenStorage>> addProfile(PublishStore& store, const QString& name, const QString& url,
                                                                   const QByteArray& token);
    // Removes the profile (PublishStore::removeHost) and, when its token was in the keyring, the
    // keyring's entry (an error names the entry left behind when no keyring is reachable). Errors:
    // removeHost's; a keyring that refuses the delete is reported after the profile is gone.
    static Status removeProfile(PublishStore& store, const QString& name);
    // The profile's token file when it exists, else the keyring's entry for the profile; an error
    // that says where it looked when neither holds one. The keyring is asked only when the file
    // is missing, so a headless run never waits on D-Bus.
    static Result<QByteArray> token(const HostProfile& profile);
    // True when the keyring answered a read of a probe entry, found or not (cached per process).
    static bool keyringAvailable(QString* problem = nullptr);
    // The keyring entry's key: "NAME (catalog /abs/path/of/the/catalog)".
    static QString keyringKey(const HostProfile& profile);
};

} // namespace pd::upload
