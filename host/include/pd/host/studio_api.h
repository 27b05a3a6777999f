// The studio API (/api/v1/...): what a photographer's studio app calls with its bearer token.
// Routes and their JSON are documented in docs/host-api.md.
#pragma once

#include "pd/host/host_records.h"
#include "pd/host/http_handler.h"

#include <optional>

namespace pd::host {

class HostStore;

// Threads: handle() from any thread at once (all state is in the store).
class StudioApi {
public:
    explicit StudioApi(HostStore& store) : m_store(store) {}

    // Whether the path is the API's ("/api/v1/..."); the site sends those requests here.
    static bool owns(std::string_view path);
    // Every route first authenticates the bearer token: 401 without a valid, unrevoked one.
    HttpResponse handle(const HttpRequest& request);

private:
    // The photographer the request's token belongs to, or the 401/500 response to send.
    std::optional<Photographer> authenticate(const HttpRequest& request, HttpResponse& refusal);
    HttpResponse me(const Photographer& p);
    HttpResponse listEvents(const Photographer& p);
    HttpResponse getEvent(const Photographer& p, const QString& id);
    HttpResponse putEvent(const Photographer& p, const QString& id, const HttpRequest& request);
    HttpResponse deleteEvent(const Photographer& p, const QString& id);

    HostStore& m_store;
};

} // namespace pd::host
