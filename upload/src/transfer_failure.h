// How the uploader words and classifies a failed attempt. Pure functions, any thread.
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QString>

#include <curl/curl.h>

namespace pd::upload {

// "PUT /api/v1/renditions/9f…: the host answered 400 Bad Request: <the JSON error.message, or
// the start of a text body>".
QString httpFailureMessage(const QByteArray& method, const QString& path, int status, const QByteArray& body);

// "PUT /api/v1/…: could not reach the host (Couldn't connect to server: <curl's detail>)".
QString networkFailureMessage(const QByteArray& method, const QString& path, CURLcode code, const char* detail);

// Curl errors that another attempt cannot fix (a malformed URL, a refused certificate...).
bool isPermanentCurlError(CURLcode code);

// The pd::ErrorCode a refused status maps to (404 NotFound, 413 TooLarge, 415 UnsupportedFormat,
// 422 CorruptData, other 4xx InvalidArgument, the rest Io).
pd::ErrorCode errorCodeForStatus(int status);

} // namespace pd::upload
