// HTML of the gallery's pages: the access-code page, the gallery shell, dead ends and the order page.
#include "pd/host/gallery_pages.h"

#include <QDate>
#include <QLocale>
#include <QUrl>

#include <algorithm>

namespace pd::host {

namespace {

const std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy", kGalleryCsp},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

QString esc(const QString& s) {
    return htmlEscape(s);
}

QString shell(const QString& title, const QString& bodyAttributes, const QString& body, bool withScript) {
    QString html;
    html.reserve(body.size() + 1024);
    html += QStringLiteral(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n"
        "<meta name=\"color-scheme\" content=\"dark\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n"
        "<title>");
    html += esc(title);
    html += QStringLiteral("</title>\n<link rel=\"stylesheet\" href=\"/static/gallery.css\">\n"
                           "<link rel=\"icon\" href=\"data:,\">\n</head>\n<body");
    html += bodyAttributes;
    html += QStringLiteral(">\n");
    html += body;
    if (withScript) html += QStringLiteral("<script type=\"module\" src=\"/static/gallery.js\"></script>\n");
    html += QStringLiteral("</body>\n</html>\n");
    return html;
}

QString slugPath(const QString& slug) {
    return QStringLiteral("/g/") + QString::fromLatin1(QUrl::toPercentEncoding(slug));
}

QString hiddenCsrf(const QString& csrf) {
    return QStringLiteral("<input type=\"hidden\" name=\"csrf\" value=\"%1\">").arg(esc(csrf));
}

const char* kCartIcon =
    "<svg viewBox=\"0 0 24 24\" width=\"22\" height=\"22\" aria-hidden=\"true\"><path d=\"M3 4h2l2.4 10.2a2 2 0 0 0 2 "
    "1.6h7.7a2 2 0 0 0 1.9-1.4L21 8H6.2\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\" "
    "stroke-linecap=\"round\" stroke-linejoin=\"round\"/><circle cx=\"10\" cy=\"20\" r=\"1.4\" fill=\"currentColor\"/>"
    "<circle cx=\"17\" cy=\"20\" r=\"1.4\" fill=\"currentColor\"/></svg>";

QString productLabel(const PrintProduct& p) {
    QStringList parts;
    if (!p.size.isEmpty()) parts << p.size;
    parts << p.name;
    if (!p.finish.isEmpty()) parts << p.finish;
    return parts.join(QLatin1Char(' '));
}

// A shade over everything outside the crop, in a 1000-unit box stretched over the thumbnail.
QString cropShade(const CropRect& c) {
    const auto u = [](double v) { return qRound(std::clamp(v, 0.0, 1.0) * 1000); };
    return QStringLiteral("<svg class=\"crop-shade\" viewBox=\"0 0 1000 1000\" preserveAspectRatio=\"none\" "
                          "aria-hidden=\"true\"><path fill-rule=\"evenodd\" d=\"M0 0H1000V1000H0Z M%1 %2H%3V%4H%1Z\"/>"
                          "<rect class=\"crop-edge\" x=\"%1\" y=\"%2\" width=\"%5\" height=\"%6\"/></svg>")
        .arg(u(c.x))
        .arg(u(c.y))
        .arg(u(c.x + c.w))
        .arg(u(c.y + c.h))
        .arg(u(c.w))
        .arg(u(c.h));
}

} // namespace

void addSecurityHeaders(HttpResponse& response) {
    for (const auto& [name, value] : kSecurityHeaders) {
        // A copy: clang before 16 cannot capture a structured binding in a lambda. Compared in
        // place, without allocating: this runs for every gallery response, thumbnails included.
        const QByteArrayView wanted(name);
        const bool present = std::any_of(response.headers.begin(), response.headers.end(), [wanted](const auto& h) {
            return QByteArrayView(h.first).compare(wanted, Qt::CaseInsensitive) == 0;
        });
        if (!present) response.headers.emplace_back(name, value);
    }
}

QString htmlEscape(const QString& text) {
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&': out += QLatin1String("&amp;"); break;
        case '<': out += QLatin1String("&lt;"); break;
        case '>': out += QLatin1String("&gt;"); break;
        case '"': out += QLatin1String("&quot;"); break;
        case '\'': out += QLatin1String("&#39;"); break;
        default: out += c;
        }
    }
    return out;
}

QString displayDate(const QString& isoDate) {
    const QDate d = QDate::fromString(isoDate, Qt::ISODate);
    return d.isValid() ? QLocale(QLocale::English).toString(d, QStringLiteral("d MMMM yyyy")) : isoDate;
}

QString displayMoney(qint64 cents, const QString& currency) {
    const QString amount = QStringLiteral("%1.%2").arg(cents / 100).arg(qAbs(cents % 100), 2, 10, QLatin1Char('0'));
    if (currency == QLatin1String("EUR")) return QStringLiteral("€") + amount;
    if (currency == QLatin1String("USD")) return QStringLiteral("$") + amount;
    if (currency == QLatin1String("GBP")) return QStringLiteral("£") + amount;
    return currency + QLatin1Char(' ') + amount;
}

QString orderStatusWords(const QString& status) {
    static const std::pair<const char*, const char*> words[] = {
        {"placed", "Placed"},           {"received", "Received by the studio"},
        {"sent_to_lab", "Sent to the lab"}, {"accepted_by_lab", "Accepted by the lab"},
        {"shipped", "Shipped"},         {"ready", "Ready for pickup"},
        {"completed", "Completed"},     {"cancelled", "Cancelled"},
    };
    for (const auto& [key, text] : words)
        if (status == QLatin1String(key)) return QString::fromUtf8(text);
    return status;
}

QString renditionUrl(const QString& slug, const QString& photoId, const QString& kind, const QString& sha256) {
    return slugPath(slug) + QStringLiteral("/img/") + QString::fromLatin1(QUrl::toPercentEncoding(photoId)) +
           QLatin1Char('/') + kind + QStringLiteral("?v=") + sha256.left(16);
}

std::string renderLoginPage(const LoginPage& p) {
    QString body = QStringLiteral("<main class=\"login\">\n<div class=\"login-card\">\n"
                                  "<p class=\"eyebrow\">Private gallery</p>\n<h1>%1</h1>\n")
                       .arg(esc(p.eventName));
    if (!p.eventDate.isEmpty()) body += QStringLiteral("<p class=\"date\">%1</p>\n").arg(esc(displayDate(p.eventDate)));
    body += QStringLiteral("<form id=\"login\" method=\"post\" action=\"%1/login\">\n%2\n")
                .arg(esc(slugPath(p.slug)), hiddenCsrf(p.csrf));
    if (!p.error.isEmpty()) body += QStringLiteral("<p class=\"error\" role=\"alert\">%1</p>\n").arg(esc(p.error));
    if (p.needsCode)
        body += QStringLiteral("<label for=\"code\">Access code</label>\n"
                               "<input id=\"code\" name=\"code\" type=\"text\" autocomplete=\"off\" "
                               "autocapitalize=\"none\" autocorrect=\"off\" spellcheck=\"false\" required maxlength=\"128\">\n");
    body += QStringLiteral("<label for=\"email\">Your e-mail</label>\n"
                           "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" required "
                           "maxlength=\"254\" value=\"%1\">\n"
                           "<p class=\"hint\">It keeps your favourites and orders together.</p>\n"
                           "<button type=\"submit\" class=\"primary\">Open the gallery</button>\n</form>\n</div>\n</main>\n")
                .arg(esc(p.email));
    return shell(p.eventName, QStringLiteral(" class=\"page-login\""), body, false).toStdString();
}

std::string renderGalleryPage(const GalleryPage& p) {
    const HostEvent& e = *p.event;
    const QString base = esc(slugPath(p.slug));
    QString body = QStringLiteral("<header class=\"topbar\">\n<div class=\"titles\"><h1>%1</h1>").arg(esc(e.name));
    if (!e.date.isEmpty()) body += QStringLiteral("<p class=\"date\">%1</p>").arg(esc(displayDate(e.date)));
    body += QStringLiteral("</div>\n<div class=\"actions\">\n"
                           "<button id=\"cart-button\" type=\"button\" aria-label=\"Cart\">%1"
                           "<span class=\"count\" id=\"cart-count\">0</span></button>\n"
                           "<form class=\"logout\" method=\"post\" action=\"%2/logout\">%3"
                           "<button type=\"submit\" class=\"quiet\">Leave</button></form>\n</div>\n</header>\n")
                .arg(QString::fromLatin1(kCartIcon), base, hiddenCsrf(p.csrf));

    body += QStringLiteral("<nav class=\"categories\" aria-label=\"Categories\">\n"
                           "<a href=\"#all\" data-category=\"\" aria-current=\"true\">All</a>\n"
                           "<a href=\"#favourites\" data-category=\"\" data-favourites=\"\">Favourites</a>\n");
    for (const QString& c : e.categories)
        body += QStringLiteral("<a href=\"#category\" data-category=\"%1\">%1</a>\n").arg(esc(c));
    body += QStringLiteral("</nav>\n"
                           "<main id=\"grid\" class=\"grid\" aria-live=\"polite\"><p class=\"notice\">Loading the "
                           "photos…</p></main>\n<noscript><p class=\"notice\">This gallery needs JavaScript to show "
                           "its photos.</p></noscript>\n");

    // The proof viewer, with the print panel.
    QString options;
    for (std::size_t i = 0; i < e.priceSheet.products.size(); ++i) {
        const PrintProduct& pr = e.priceSheet.products[i];
        options += QStringLiteral("<option value=\"%1\">%2 — %3</option>")
                       .arg(i)
                       .arg(esc(productLabel(pr)), esc(displayMoney(pr.priceCents, e.priceSheet.currency)));
    }
    body += QStringLiteral(
        "<dialog id=\"viewer\" aria-label=\"Photo viewer\">\n"
        "<div class=\"viewer-stage\"><img id=\"viewer-img\" alt=\"\">"
        "<div id=\"viewer-detail\" hidden></div>"
        "<button id=\"viewer-prev\" class=\"nav prev\" type=\"button\" aria-label=\"Previous photo\">‹</button>"
        "<button id=\"viewer-next\" class=\"nav next\" type=\"button\" aria-label=\"Next photo\">›</button></div>\n"
        "<div class=\"viewer-bar\">"
        "<button id=\"viewer-close\" class=\"icon\" type=\"button\" aria-label=\"Close\">✕</button>"
        "<p id=\"viewer-caption\" class=\"caption\"></p>"
        "<button id=\"viewer-zoom-out\" class=\"icon zoom\" type=\"button\" aria-label=\"Zoom out\">−</button>"
        "<button id=\"viewer-zoom-in\" class=\"icon zoom\" type=\"button\" aria-label=\"Zoom in\">+</button>"
        "<button id=\"viewer-fav\" class=\"fav icon\" type=\"button\" aria-pressed=\"false\" aria-label=\"Favourite\">♥</button>");
    if (!e.priceSheet.products.empty())
        body += QStringLiteral("<button id=\"viewer-order\" class=\"primary\" type=\"button\">Order prints</button>");
    body += QStringLiteral(
                "</div>\n<section id=\"print-panel\" class=\"print-panel\" hidden>\n"
                "<div class=\"panel-head\"><h2>Order prints</h2><button id=\"print-close\" class=\"icon\" type=\"button\" "
                "aria-label=\"Back to the photo\">✕</button></div>\n"
                "<div class=\"print-fields\"><label>Print <select id=\"product\">%1</select></label>"
                "<label>Quantity <input id=\"quantity\" type=\"number\" min=\"1\" max=\"99\" value=\"1\" "
                "inputmode=\"numeric\"></label></div>\n"
                "<div id=\"crop\" class=\"crop\"><img alt=\"\"><div class=\"keep\"></div></div>\n"
                "<p class=\"hint\">The bright part is what the print keeps: drag it or use the arrows.</p>\n"
                "<div id=\"crop-nudge\" class=\"nudge\">"
                "<button type=\"button\" data-dx=\"-1\" data-dy=\"0\" aria-label=\"Move left\">←</button>"
                "<button type=\"button\" data-dx=\"0\" data-dy=\"-1\" aria-label=\"Move up\">↑</button>"
                "<button type=\"button\" data-dx=\"0\" data-dy=\"1\" aria-label=\"Move down\">↓</button>"
                "<button type=\"button\" data-dx=\"1\" data-dy=\"0\" aria-label=\"Move right\">→</button></div>\n"
                "<p id=\"ppi-warning\" class=\"warning\" hidden></p>\n"
                "<div class=\"panel-foot\"><p id=\"line-price\" class=\"price\"></p>"
                "<button id=\"add-to-cart\" class=\"primary\" type=\"button\">Add to cart</button></div>\n"
                "</section>\n</dialog>\n")
                .arg(options);

    // The cart and the checkout form. Which delivery choices show is cart.js's business: it
    // knows the event's delivery options from the gallery's JSON.
    body += QStringLiteral(
                "<dialog id=\"cart\" aria-label=\"Cart\">\n<div class=\"sheet\">\n"
                "<div class=\"panel-head\"><h2>Your cart</h2><button id=\"cart-close\" class=\"icon\" type=\"button\" "
                "aria-label=\"Close the cart\">✕</button></div>\n"
                "<ul id=\"cart-items\" class=\"cart-items\"></ul>\n"
                "<p id=\"cart-empty\" class=\"notice\">Your cart is empty. Open a photo and choose “Order prints”.</p>\n"
                "<p class=\"total\">Total <strong id=\"cart-total\"></strong></p>\n"
                "<button id=\"checkout\" class=\"primary wide\" type=\"button\">Checkout</button>\n"
                "<form id=\"checkout-form\" class=\"checkout\" hidden>\n"
                "<label for=\"name\">Name</label><input id=\"name\" name=\"name\" autocomplete=\"name\" required "
                "maxlength=\"200\">\n"
                "<label for=\"email\">E-mail</label><input id=\"email\" name=\"email\" type=\"email\" "
                "autocomplete=\"email\" required maxlength=\"254\" value=\"%1\">\n"
                "<label for=\"phone\">Phone</label><input id=\"phone\" name=\"phone\" type=\"tel\" autocomplete=\"tel\" "
                "required maxlength=\"50\">\n"
                "<fieldset class=\"delivery\"><legend>Delivery</legend>\n")
                .arg(esc(p.email));
    body += QStringLiteral("<label class=\"choice\"><input type=\"radio\" name=\"delivery\" value=\"pickup\" checked> "
                           "<span>Pick up at the studio<small id=\"pickup-note\"></small></span></label>\n"
                           "<label class=\"choice\" id=\"ship-choice\" hidden><input type=\"radio\" name=\"delivery\" "
                           "value=\"ship\"> <span>Ship to me<small id=\"ship-price\"></small></span></label>\n"
                           "</fieldset>\n"
                           "<div id=\"address-field\" hidden><label for=\"address\">Shipping address</label>"
                           "<textarea id=\"address\" name=\"address\" rows=\"4\" maxlength=\"2000\" "
                           "autocomplete=\"street-address\"></textarea></div>\n"
                           "<label for=\"note\">Note for the studio (optional)</label>"
                           "<textarea id=\"note\" name=\"note\" rows=\"2\" maxlength=\"2000\"></textarea>\n"
                           "<p id=\"checkout-error\" class=\"error\" role=\"alert\" hidden></p>\n"
                           "<button id=\"place-order\" class=\"primary wide\" type=\"submit\">Place order</button>\n"
                           "</form>\n</div>\n</dialog>\n");
    const QString attributes = QStringLiteral(" class=\"page-gallery\" data-slug=\"%1\"").arg(esc(p.slug));
    return shell(e.name, attributes, body, true).toStdString();
}

std::string renderMessagePage(const QString& title, const QString& message) {
    const QString body = QStringLiteral("<main class=\"login\">\n<div class=\"login-card\">\n<h1>%1</h1>\n"
                                        "<p class=\"message\">%2</p>\n</div>\n</main>\n")
                             .arg(esc(title), esc(message));
    return shell(title, QStringLiteral(" class=\"page-message\""), body, false).toStdString();
}

std::string renderOrderPage(const OrderPage& p) {
    const HostEvent& e = *p.event;
    const HostOrder& o = *p.order;
    const bool placed = o.status == QLatin1String("placed");
    QString body = QStringLiteral("<header class=\"topbar\">\n<div class=\"titles\"><p class=\"eyebrow\">"
                                  "<a href=\"%1\">← %2</a></p></div>\n</header>\n<main class=\"order\">\n")
                       .arg(esc(slugPath(p.slug)), esc(e.name));
    body += placed ? QStringLiteral("<h1>Thank you</h1>\n<p class=\"lead\">Your order is with the studio. Keep this "
                                    "page: it shows how your prints are getting on.</p>\n")
                   : QStringLiteral("<h1>Your order</h1>\n");
    body += QStringLiteral("<dl class=\"facts\">\n<dt>Order number</dt><dd class=\"order-number\">%1</dd>\n"
                           "<dt>Status</dt><dd id=\"order-status\">%2</dd>\n<dt>Name</dt><dd>%3</dd>\n"
                           "<dt>E-mail</dt><dd>%4</dd>\n<dt>Delivery</dt><dd>%5</dd>\n")
                .arg(esc(o.id), esc(orderStatusWords(o.status)), esc(o.customerName), esc(o.email),
                     o.delivery == QLatin1String("ship")
                         ? QStringLiteral("Shipping to<br>") + esc(o.address).replace(QLatin1Char('\n'), QStringLiteral("<br>"))
                         : QStringLiteral("Pick up at the studio"));
    if (!o.note.isEmpty()) body += QStringLiteral("<dt>Note</dt><dd>%1</dd>\n").arg(esc(o.note));
    body += QStringLiteral("</dl>\n<ul class=\"order-items\">\n");
    for (const OrderItem& item : o.items) {
        const auto thumb = p.thumbUrls.find(item.photoId);
        const auto name = p.filenames.find(item.photoId);
        body += QStringLiteral("<li><figure class=\"crop-thumb\">");
        if (thumb != p.thumbUrls.end())
            body += QStringLiteral("<img src=\"%1\" alt=\"\">%2").arg(esc(thumb->second), cropShade(item.crop));
        body += QStringLiteral("</figure><div class=\"item-text\"><p class=\"item-name\">%1</p>"
                               "<p class=\"item-photo\">%2</p><p>%3 × %4</p></div>"
                               "<p class=\"item-total\">%5</p></li>\n")
                    // One pass: text put in by an earlier arg() must never be read for "%N" again.
                    .arg(esc(productLabel(PrintProduct{item.product, item.size, item.finish, item.unitCents})),
                         esc(name != p.filenames.end() ? name->second : item.photoId), QString::number(item.quantity),
                         esc(displayMoney(item.unitCents, o.currency)),
                         esc(displayMoney(item.unitCents * item.quantity, o.currency)));
    }
    body += QStringLiteral("</ul>\n");
    if (o.delivery == QLatin1String("ship"))
        body += QStringLiteral("<p class=\"total\">Shipping <span>%1</span></p>\n")
                    .arg(esc(displayMoney(o.shippingCents, o.currency)));
    body += QStringLiteral("<p class=\"total\">Total <strong>%1</strong></p>\n"
                           "<p><a class=\"button\" href=\"%2\">Back to the gallery</a></p>\n</main>\n")
                .arg(esc(displayMoney(o.totalCents, o.currency)), esc(slugPath(p.slug)));
    return shell(placed ? QStringLiteral("Thank you") : QStringLiteral("Your order"),
                 QStringLiteral(" class=\"page-order\""), body, false)
        .toStdString();
}

} // namespace pd::host
