// Messages and classes of failed attempts (see transfer_failure.h).
#include "transfer_failure.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace pd::upload {

namespace {

QString reasonPhrase(int status) {
    switch (status) {
    case 400: return QStringLiteral("Bad Request");
    case 401: return QStringLiteral("Unauthorized (check the host profile's token)");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not Found");
    case 405: return QStringLiteral("Method Not Allowed");
    case 408: return QStringLiteral("Request Timeout");
    case 409: return QStringLiteral("Conflict");
    case 413: return QStringLiteral("Content Too Large");
    case 415: return QStringLiteral("Unsupported Media Type");
    case 422: return QStringLiteral("Unprocessable Content");
    case 429: return QStringLiteral("Too Many Requests");
    case 431: return QStringLiteral("Request Header Fields Too Large");
    case 500: return QStringLiteral("Internal Server Error");
    case 502: return QStringLiteral("Bad Gateway");
    case 503: return QStringLiteral("Service Unavailable");
    case 504: return QStringLiteral("Gateway Timeout");
    default: return QString();
    }
}

// The host's {"error": {"message": ...}}, else printable text from the start of the body.
QString hostSays(const QByteArray& body) {
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QJsonValue error = doc.object().value(QStringLiteral("error"));
        if (error.isObject()) {
            const QString message = error.toObject().value(QStringLiteral("message")).toString();
            if (!message.isEmpty()) return message;
        }
        if (error.isString()) return error.toString();
    }
    QString text = QString::fromUtf8(body.left(300)).simplified();
    for (const QChar c : text)
        if (!c.isPrint()) return QString();
    return text;
}

} // namespace

QString httpFailureMessage(const QByteArray& method, const QString& path, int status, const QByteArray& body) {
    QString message = QStringLiteral("%1 %2: the host answered %3").arg(QString::fromLatin1(method), path).arg(status);
    const QString phrase = reasonPhrase(status);
    if (!phrase.isEmpty()) message += QLatin1Char(' ') + phrase;
    const QString said = hostSays(body);
    if (!said.isEmpty()) message += QStringLiteral(": ") + said;
    return message;
}

QString networkFailureMessage(const QByteArray& method, const QString& path, CURLcode code, const char* detail) {
    QString what;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: what = QStringLiteral("could not find the host (check the profile's URL)"); break;
    case CURLE_COULDNT_CONNECT: what = QStringLiteral("could not connect to the host"); break;
    case CURLE_OPERATION_TIMEDOUT: what = QStringLiteral("the connection timed out or stalled"); break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: what = QStringLiteral("the connection broke off"); break;
    case CURLE_PEER_FAILED_VERIFICATION:
        what = QStringLiteral("the host's TLS certificate was not accepted (check its certificate and the URL)"); break;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: what = QStringLiteral("the URL is not a valid http(s) URL"); break;
    default: what = QStringLiteral("network error"); break;
    }
    QString message = QStringLiteral("%1 %2: %3 (%4").arg(QString::fromLatin1(method), path, what,
                                                           QString::fromUtf8(curl_easy_strerror(code)));
    if (detail && *detail) message += QStringLiteral(": ") + QString::fromUtf8(detail).trimmed();
    return message + QLatin1Char(')');
}

bool isPermanentCurlError(CURLcode code) {
    switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_ABORTED_BY_CALLBACK:
    case CURLE_READ_ERROR:
    case CURLE_SEND_FAIL_REWIND:
        return true;
    default:
        return false;
    }
}

pd::ErrorCode errorCodeForStatus(int status) {
    switch (status) {
    case 404: return pd::ErrorCode::NotFound;
    case 413: return pd::ErrorCode::TooLarge;
    case 415: return pd::ErrorCode::UnsupportedFormat;
    case 422: return pd::ErrorCode::CorruptData;
    default: return status >= 400 && status < 500 ? pd::ErrorCode::InvalidArgument : pd::ErrorCode::Io;
    }
}

} // namespace pd::upload
