// Where the studio keeps a host profile's token: the desktop keyring through QtKeychain (service
// "proofdesk", key = the profile's name), and where there is none (headless, no D-Bus secret
// service) the file PublishStore keeps beside the catalog, readable by the user only (0600).
#pragma once

#include "pd/core/result.h"
#include "pd/db/publish_store.h"

#include <QByteArray>
#include <QString>

namespace pd::ui {

inline constexpr const char* kKeyringService = "proofdesk";

struct TokenStorage {
    bool inKeyring = false;    // the desktop keyring holds it
    QString file;              // the 0600 file that holds it (PublishStore's); empty when in the keyring
    QString keyringProblem;    // why the keyring was not used ("" when it was)
    // One sentence for the profiles dialog.
    QString describe() const;
};

// GUI thread (or any thread with an event loop): each keyring call waits for its job in a local
// event loop, a few seconds at most. PROOFDESK_KEYRING=off skips the keyring.
class HostTokens {
public:
    // Adds the profile through PublishStore::addHost (which writes the 0600 file), then puts the
    // token in the keyring when there is one and removes the file: the app hands the Publisher
    // the keyring's token (PublishOptions::token). Headless (no keyring) the file stays; the CLI
    // reads only files. See describe(). Errors: addHost's.
    static Result<std::pair<HostProfile, TokenStorage>> addProfile(PublishStore& store, const QString& name, const QString& url,
                                                                   const QByteArray& token);
    // The keyring's token for the profile, else its file's.
    static Result<QByteArray> token(const HostProfile& profile);
    // True when the keyring answered a write-and-read-back of a probe entry (cached per process).
    static bool keyringAvailable(QString* problem = nullptr);
};

} // namespace pd::ui
