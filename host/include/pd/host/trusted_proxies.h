// Who the client is when the host sits behind reverse proxies: the configured trusted networks
// and the X-Forwarded-For / X-Forwarded-Proto rules that go with them.
#pragma once

#include "pd/core/result.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pd::host {

struct ClientIdentity {
    std::string ip;      // no port; IPv4-mapped IPv6 addresses as plain IPv4
    bool secure = false; // over TLS, ours or (says a trusted proxy) the proxy's
};

// Immutable once built; const members may be called from any thread.
class TrustedProxies {
public:
    TrustedProxies() = default; // trusts no one
    // Each entry "ADDR/PREFIX" or a bare address (a single host). Errors: InvalidArgument
    // naming the entry that is not a network.
    static Result<TrustedProxies> parse(const std::vector<std::string>& cidrs);

    bool empty() const { return m_networks.empty(); }
    // Whether `address` (numeric IPv4 or IPv6, no port) is in one of the networks.
    bool contains(std::string_view address) const;

    // The client of a request that arrived from `peer`. Only when `peer` is trusted are the
    // forwarded headers read: the client is then the right-most X-Forwarded-For address that is
    // not itself a trusted proxy (or the left-most one when all are), and X-Forwarded-Proto's
    // right-most value "https" marks it secure. `forwardedFor` is every X-Forwarded-For field
    // joined with ",", in order; an entry that is not an address ends the walk at the hop after it.
    // `peer` is the TCP peer's numeric address without a port.
    ClientIdentity resolve(std::string_view peer, bool tls, std::string_view forwardedFor,
                           std::string_view forwardedProto) const;

    // A numeric address as 16 bytes (IPv4 as v4-mapped IPv6, so ::ffff:1.2.3.4 is 1.2.3.4), and
    // its canonical text (IPv4 dotted for both); nullopt when not an address.
    struct Address {
        std::array<unsigned char, 16> bytes{};
        std::string text;
    };
    static std::optional<Address> parseAddress(std::string_view text);

private:
    struct Network {
        std::array<unsigned char, 16> base{};
        unsigned prefix = 0; // of the 128 bits
    };
    bool containsBytes(const std::array<unsigned char, 16>& a) const;
    std::vector<Network> m_networks;
};

} // namespace pd::host
