// A real proofdesk-host with galleries set up through the studio API, and a customer's browser
// reduced to raw HTTP: the login dance (nonce cookie, CSRF field), cookies and JSON calls.
#pragma once

#include "host_process.h"
#include "raw_http.h"

#include <QByteArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>
#include <string>

namespace pd::test {

struct PublishedPhoto {
    std::string id;
    QByteArray proof, thumb; // the JPEG bytes uploaded
    std::string proofSha, thumbSha;
};

// One HTTP request with exactly these headers ("Name: value\r\n" lines) and body.
RawResponse httpCall(unsigned short port, std::string_view method, std::string_view target,
                     std::string_view headers = {}, std::string_view body = {});

// A JPEG of that size whose pixels follow `key`: the same for the same key in every run, and
// different for different keys.
QByteArray testJpeg(int width, int height, const QByteArray& key);
QByteArray testJpeg(int width, int height, int seed); // key "seed:<seed>"

class GalleryHost {
public:
    // `extraArgs` go to `serve` (e.g. --trusted-proxy).
    explicit GalleryHost(const QStringList& extraArgs = {});
    // A host on a store other hosts share: `storeArgs` is {"--db", URI}, `photographerToken` the
    // token of a photographer already on that store (addPhotographerTo).
    GalleryHost(const QStringList& storeArgs, std::string photographerToken);

    unsigned short port() const { return static_cast<unsigned short>(server->port()); }

    // PUTs the event (a fresh UUID unless given) and returns {id, slug}.
    std::pair<std::string, std::string> putEvent(const QJsonObject& event, std::string id = {});
    // Uploads a proof (w x h) and a thumbnail and PUTs the photo.
    PublishedPhoto putPhoto(const std::string& eventId, const std::string& photoId, const QString& category = {},
                            int width = 600, int height = 400, int originalWidth = 6000, int originalHeight = 4000);
    RawResponse studio(std::string_view method, std::string_view target, std::string_view body = {});

    // The login page's CSRF field and nonce cookie ("pd_l=...").
    struct LoginForm {
        std::string csrf, nonceCookie;
        RawResponse page;
    };
    LoginForm loginForm(const std::string& slug, std::string_view extraHeaders = {});
    // Posts the form; `extraHeaders` e.g. an X-Forwarded-For line.
    RawResponse postLogin(const std::string& slug, const std::string& code, const std::string& email,
                          std::string_view extraHeaders = {});
    // Logs in and returns the session cookie ("pd_g=..."); fails the test when refused.
    std::string login(const std::string& slug, const std::string& code, const std::string& email = "ann@example.com");
    // The CSRF token of a session, from the gallery's JSON.
    std::string csrfOf(const std::string& slug, const std::string& cookie);

    QTemporaryDir dir;
    std::string token;
    std::unique_ptr<HostServer> server;
};

// The value of `name="csrf" value="..."` in a page, or empty.
std::string csrfField(const std::string& html);
// "pd_g=VALUE" out of a Set-Cookie header value.
std::string cookiePair(const std::string& setCookie);
// application/x-www-form-urlencoded
std::string formEncode(std::initializer_list<std::pair<std::string, std::string>> fields);

// A wedding gallery with two categories, 4x6 and 5x7 prints and the access code "rings2026".
QJsonObject weddingEvent(const QString& name = QStringLiteral("Smith wedding"));

} // namespace pd::test
