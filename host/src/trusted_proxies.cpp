// Parsing trusted-proxy networks and choosing the client address from forwarded headers.
#include "pd/host/trusted_proxies.h"

#include <boost/asio/ip/address.hpp>

#include <QString>

#include <algorithm>
#include <charconv>

namespace pd::host {

namespace net = boost::asio;

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool samePrefix(const std::array<unsigned char, 16>& a, const std::array<unsigned char, 16>& b, unsigned prefix) {
    for (std::size_t i = 0; i < a.size() && prefix > 0; ++i) {
        const unsigned bits = std::min(prefix, 8u);
        const auto mask = static_cast<unsigned char>(0xff << (8 - bits));
        if ((a[i] & mask) != (b[i] & mask)) return false;
        prefix -= bits;
    }
    return true;
}

// An X-Forwarded-For entry: an address, maybe "[v6]", "[v6]:port" or "v4:port".
std::optional<TrustedProxies::Address> hopAddress(std::string_view text) {
    text = trimmed(text);
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        text = text.substr(1, close - 1);
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        text = text.substr(0, text.find(':'));
    }
    return TrustedProxies::parseAddress(text);
}

bool isHttps(std::string_view s) {
    return s.size() == 5 && std::equal(s.begin(), s.end(), "https", [](char a, char b) {
               return char(a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b;
           });
}

} // namespace

std::optional<TrustedProxies::Address> TrustedProxies::parseAddress(std::string_view text) {
    boost::system::error_code ec;
    auto a = net::ip::make_address(std::string(trimmed(text)), ec);
    if (ec) return std::nullopt;
    if (a.is_v6() && a.to_v6().is_v4_mapped()) a = net::ip::make_address_v4(net::ip::v4_mapped, a.to_v6());
    Address out;
    out.text = a.to_string();
    if (a.is_v4()) {
        const auto v4 = a.to_v4().to_bytes();
        out.bytes[10] = out.bytes[11] = 0xff;
        std::copy(v4.begin(), v4.end(), out.bytes.begin() + 12);
    } else {
        const auto v6 = a.to_v6().to_bytes();
        std::copy(v6.begin(), v6.end(), out.bytes.begin());
    }
    return out;
}

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& cidrs) {
    TrustedProxies t;
    for (const std::string& entry : cidrs) {
        const std::string_view text = trimmed(entry);
        const auto slash = text.find('/');
        const std::string_view addressText = text.substr(0, slash);
        const auto base = parseAddress(addressText);
        // A prefix counts bits of the address as written: /8 of an IPv4 network is /104 here.
        const bool v4 = base && addressText.find(':') == std::string_view::npos;
        const unsigned maxPrefix = v4 ? 32 : 128;
        unsigned prefix = maxPrefix;
        bool ok = base.has_value();
        if (ok && slash != std::string_view::npos) {
            const std::string_view p = text.substr(slash + 1);
            const auto [end, err] = std::from_chars(p.data(), p.data() + p.size(), prefix);
            ok = err == std::errc() && end == p.data() + p.size() && !p.empty() && prefix <= maxPrefix;
        }
        if (!ok)
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("not a network: want ADDRESS/PREFIX such as 10.0.0.0/8 or ::1/128"),
                             QString::fromStdString(entry));
        t.m_networks.push_back(Network{base->bytes, v4 ? prefix + 96 : prefix});
    }
    return t;
}

bool TrustedProxies::containsBytes(const std::array<unsigned char, 16>& a) const {
    return std::any_of(m_networks.begin(), m_networks.end(),
                       [&](const Network& n) { return samePrefix(a, n.base, n.prefix); });
}

bool TrustedProxies::contains(std::string_view address) const {
    const auto a = parseAddress(address);
    return a && containsBytes(a->bytes);
}

ClientIdentity TrustedProxies::resolve(std::string_view peer, bool tls, std::string_view forwardedFor,
                                       std::string_view forwardedProto) const {
    const auto peerAddress = parseAddress(peer);
    ClientIdentity id{peerAddress ? peerAddress->text : std::string(peer), tls};
    if (m_networks.empty() || !peerAddress || !containsBytes(peerAddress->bytes))
        return id; // not a proxy of ours: its forwarded headers mean nothing

    // Walk the hops from the nearest (right-most) outwards while they are our own proxies.
    std::string_view rest = forwardedFor;
    while (!trimmed(rest).empty()) {
        const auto comma = rest.rfind(',');
        const std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        if (trimmed(hop).empty()) continue;
        const auto a = hopAddress(hop);
        if (!a) break; // not an address: keep the trusted hop that forwarded it
        id.ip = a->text;
        if (!containsBytes(a->bytes)) break;
    }
    if (!tls) {
        const auto comma = forwardedProto.rfind(',');
        id.secure = isHttps(trimmed(comma == std::string_view::npos ? forwardedProto : forwardedProto.substr(comma + 1)));
    }
    return id;
}

} // namespace pd::host
