// The customer gallery's server-rendered HTML pages and the headers every gallery response
// carries. Pure functions of their inputs: every text that came from a studio or a customer is
// HTML-escaped here, and no page has inline script or style (the CSP forbids both).
#pragma once

#include "pd/host/host_records.h"
#include "pd/host/http_handler.h"

#include <QString>

#include <map>
#include <string>

namespace pd::host {

// The Content-Security-Policy of every gallery page, asset and image.
inline constexpr const char* kGalleryCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// CSP, nosniff, Referrer-Policy, X-Frame-Options, Permissions-Policy (headers already present
// are not repeated).
void addSecurityHeaders(HttpResponse& response);

// &, <, >, " and ' as entities: safe in text and in double- or single-quoted attributes.
QString htmlEscape(const QString& text);
// "1 June 2026" for "2026-06-01"; the text itself when it is not such a date.
QString displayDate(const QString& isoDate);
// "€12.50" style amounts for the price sheet's currency.
QString displayMoney(qint64 cents, const QString& currency);
// The customer-facing words of a stored order status ("sent_to_lab" -> "Sent to the lab").
QString orderStatusWords(const QString& status);

struct LoginPage {
    QString slug;
    QString eventName;
    QString eventDate;
    bool needsCode = true;
    QString csrf;
    QString email;  // what the customer typed, shown again after an error
    QString error;  // empty: none
};
std::string renderLoginPage(const LoginPage& page);

struct GalleryPage {
    QString slug;
    const HostEvent* event = nullptr;
    QString csrf;
    QString email;
};
std::string renderGalleryPage(const GalleryPage& page);

// 404 (unknown gallery), 410 (closed) and other dead ends, with the gallery's look.
std::string renderMessagePage(const QString& title, const QString& message);

struct OrderPage {
    QString slug;
    const HostEvent* event = nullptr;
    const HostOrder* order = nullptr;
    std::map<QString, QString> thumbUrls; // photo id -> thumbnail URL (photos still in the gallery)
    std::map<QString, QString> filenames; // photo id -> file name
};
std::string renderOrderPage(const OrderPage& page);

// The path of a photo's rendition in gallery `slug`, with the content hash as a cache key.
QString renditionUrl(const QString& slug, const QString& photoId, const QString& kind, const QString& sha256);

} // namespace pd::host
