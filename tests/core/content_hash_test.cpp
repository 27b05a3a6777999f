#include <catch2/catch.hpp>

#include "pd/core/content_hash.h"

TEST_CASE("SHA-256 matches the published test vectors", "[core][hash]") {
    CHECK(pd::sha256Hex(QByteArray()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(pd::sha256Hex(QByteArray("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    pd::Sha256 inc;
    inc.add("a", 1);
    inc.add("bc", 2);
    CHECK(inc.finishHex() == pd::sha256Hex(QByteArray("abc")));
}
