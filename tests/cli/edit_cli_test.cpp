// The edit, export, export-photos, watermark, event set and renditions commands, run as the real
// binary.
#include <catch2/catch.hpp>

#include "cli_runner.h"
#include "test_support.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace pd::test;

namespace {

struct Studio {
    QTemporaryDir dir;
    MixedBatch batch;
    QStringList ids;   // in capture order: EXIF orientations 1, 6, 3
    Studio() {
        REQUIRE(cli({"event", "create", "Jones", "--photographer", "Ann Lee"}).exitCode == 0);
        batch = makeMixedBatch(dir.path() + "/src", 3, 1200);
        REQUIRE(cli({"import", "Jones", batch.valid[0], batch.valid[1], batch.valid[2]}).exitCode == 0);
        for (const auto& v : cli({"photos", "Jones", "--json"}).json().array()) ids << v.toObject().value("id").toString();
        REQUIRE(ids.size() == 3);
    }
    QString catalog() const { return dir.path() + "/catalog"; }
    QString path(const QString& name) const { return dir.path() + "/" + name; }
    CliResult cli(const QStringList& args) const { return runCli(catalog(), args); }
    QJsonObject editJson(const QStringList& args) const {
        const auto r = cli(QStringList{"edit"} + args + QStringList{"--json"});
        INFO("edit " << args.join(' ').toStdString() << ": " << r.err.toStdString());
        REQUIRE(r.exitCode == 0);
        return r.json().object();
    }
    QImage exported(const QString& id, const QStringList& more, const QString& name) const {
        const auto r = cli(QStringList{"export", id, "--out", path(name)} + more);
        INFO("export " << more.join(' ').toStdString() << ": " << r.err.toStdString());
        REQUIRE(r.exitCode == 0);
        return QImage(path(name));
    }
};

QStringList editOps(const QJsonObject& state) {
    QStringList ops;
    for (const auto& v : state.value("edits").toArray()) ops << v.toObject().value("op").toString();
    return ops;
}

} // namespace

TEST_CASE("cli: edits change the thumbnail, and undo, redo and reset walk the history", "[cli][edits]") {
    Studio s;
    const QString id = s.ids[0];   // 1200 x 800, upright
    QJsonObject st = s.editJson({id, "rotate", "cw"});
    CHECK(st.value("edit_version").toInt() == 1);
    CHECK(st.value("thumb").toObject().value("edit_version").toInt() == 1);   // made again before returning
    CHECK(st.value("thumb").toObject().value("width").toInt() == 267);
    CHECK(st.value("thumb").toObject().value("height").toInt() == 400);
    CHECK(s.exported(id, {"--kind", "thumb"}, "t1.jpg").size() == QSize(267, 400));

    st = s.editJson({id, "crop", "0", "0", "1", "0.5"});
    CHECK(st.value("preview").toObject().value("width").toInt() == 800);
    CHECK(st.value("preview").toObject().value("height").toInt() == 600);
    st = s.editJson({id, "flip", "h"});
    st = s.editJson({id, "straighten", "3.5"});
    CHECK(editOps(st) == QStringList{"rotate", "crop", "flip", "straighten"});
    CHECK(st.value("edits").toArray()[3].toObject().value("degrees").toDouble() == 3.5);

    st = s.editJson({id, "undo"});
    CHECK(editOps(st) == QStringList{"rotate", "crop", "flip"});
    st = s.editJson({id, "undo"});
    CHECK(editOps(st) == QStringList{"rotate", "crop"});
    st = s.editJson({id, "redo"});
    CHECK(editOps(st) == QStringList{"rotate", "crop", "flip"});
    CHECK(st.value("can_redo").toBool());
    st = s.editJson({id, "reset"});
    CHECK(editOps(st).isEmpty());
    CHECK(s.exported(id, {"--kind", "thumb"}, "t2.jpg").size() == QSize(400, 267));
    st = s.editJson({id, "undo"});
    CHECK(editOps(st) == QStringList{"rotate", "crop", "flip"});
    CHECK(s.exported(id, {"--kind", "preview"}, "p.jpg").size() == QSize(800, 600));

    // A centred crop at a print shape, of the picture as it is turned now (portrait: 2:3 upright).
    st = s.editJson({id, "reset"});
    st = s.editJson({id, "rotate", "ccw"});
    st = s.editJson({id, "crop", "--aspect", "5:7"});
    const QJsonObject preview = st.value("preview").toObject();
    CHECK(std::abs(double(preview.value("height").toInt()) / preview.value("width").toInt() - 1.4) < 0.01);
    CHECK(st.value("edits").toArray()[1].toObject().value("aspect").toString() == "5:7");
    const auto human = s.cli({"edit", id, "show"});
    CHECK(human.exitCode == 0);
    CHECK(human.out.contains("rotate ccw, crop"));
}

TEST_CASE("cli: edits are copied onto other photos, and renditions rebuild finds stale ones", "[cli][edits]") {
    Studio s;
    REQUIRE(s.cli({"edit", s.ids[0], "rotate", "cw"}).exitCode == 0);
    REQUIRE(s.cli({"edit", s.ids[0], "crop", "0.1", "0.1", "0.8", "0.8"}).exitCode == 0);
    const auto copied = s.cli({"edit", s.ids[0], "copy-to", s.ids[1], s.ids[2], "--json"});
    REQUIRE(copied.exitCode == 0);
    const QJsonArray states = copied.json().array();
    REQUIRE(states.size() == 2);
    for (const auto& v : states) {
        CHECK(editOps(v.toObject()) == QStringList{"rotate", "crop"});
        CHECK(v.toObject().value("thumb").toObject().value("edit_version").toInt() == 1);
    }
    for (const auto& v : s.cli({"photos", "Jones", "--json"}).json().array())
        CHECK(v.toObject().value("edits").toArray().size() == 2);

    // Edited without making the renditions (as after a crash): found and rebuilt.
    REQUIRE(s.cli({"edit", s.ids[1], "flip", "v", "--no-render"}).exitCode == 0);
    const auto rebuilt = s.cli({"renditions", "rebuild", "Jones", "--json"});
    REQUIRE(rebuilt.exitCode == 0);
    CHECK(rebuilt.json().object().value("rebuilt").toInt() == 1);
    CHECK(s.cli({"renditions", "rebuild", "--json"}).json().object().value("rebuilt").toInt() == 0);
}

TEST_CASE("cli: watermark presets, the event's default, and proofs that carry it", "[cli][watermark]") {
    Studio s;
    const auto added = s.cli({"watermark", "add", "Studio", "--text", "ANN LEE", "--colour", "#ff0000", "--opacity", "1",
                              "--text-size", "6%", "--position", "bottom-left"});
    INFO(added.err.toStdString());
    REQUIRE(added.exitCode == 0);
    const auto list = s.cli({"watermark", "list", "--json"});
    REQUIRE(list.json().array().size() == 1);
    const QJsonObject preset = list.json().array()[0].toObject();
    CHECK(preset.value("name").toString() == "Studio");
    CHECK(preset.value("text_size").toDouble() == Approx(0.06));
    CHECK(preset.value("position").toString() == "bottom-left");

    REQUIRE(s.cli({"event", "set", "Jones", "--watermark", "Studio", "--proof-size", "1000", "--allow-gps", "no"}).exitCode == 0);
    const QJsonObject event = s.cli({"event", "show", "Jones", "--json"}).json().object();
    CHECK(event.value("watermark").toString() == "Studio");
    CHECK(event.value("proof_size").toInt() == 1000);

    auto redPixels = [](const QImage& img) {
        int n = 0;
        for (int y = 0; y < img.height(); y += 2)
            for (int x = 0; x < img.width(); x += 2) {
                const QColor c = img.pixelColor(x, y);
                n += c.red() > 200 && c.green() < 80 && c.blue() < 80;
            }
        return n;
    };
    const QImage proof = s.exported(s.ids[0], {"--kind", "proof"}, "proof.jpg");
    CHECK(proof.size() == QSize(1000, 667));
    CHECK(redPixels(proof) > 50);
    const QImage clean = s.exported(s.ids[0], {"--kind", "proof", "--watermark", "none", "--size", "800"}, "clean.jpg");
    CHECK(clean.size() == QSize(800, 533));
    CHECK(redPixels(clean) == 0);
    CHECK(redPixels(s.exported(s.ids[0], {"--kind", "print", "--size", "5x7"}, "print.jpg")) == 0);

    // A preset in use is kept; with the event moved off it, it goes.
    const auto refused = s.cli({"watermark", "remove", "Studio"});
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.contains("Jones"));
    REQUIRE(s.cli({"event", "set", "Jones", "--watermark", "none"}).exitCode == 0);
    CHECK(s.cli({"watermark", "remove", "Studio"}).exitCode == 0);
    CHECK(s.cli({"watermark", "list", "--json"}).json().array().isEmpty());
}

TEST_CASE("cli: print files and batch exports with a file-name template", "[cli][export]") {
    Studio s;
    // Unedited, upright, already 3:2: the original's bytes.
    const auto print = s.cli({"export", s.ids[0], "--kind", "print", "--size", "4x6", "--out", s.path("a.jpg"), "--json"});
    REQUIRE(print.exitCode == 0);
    CHECK(print.json().object().value("method").toString() == "original");
    CHECK(readFile(s.path("a.jpg")) == readFile(s.batch.valid[0]));
    // Edited: upright, turned, full resolution, DPI for the size.
    REQUIRE(s.cli({"edit", s.ids[0], "rotate", "cw"}).exitCode == 0);
    const auto turned = s.cli({"export", s.ids[0], "--kind", "print", "--size", "4x6", "--out", s.path("b.jpg"), "--json"});
    REQUIRE(turned.exitCode == 0);
    CHECK(turned.json().object().value("method").toString() == "lossless");   // 1200 x 800: whole blocks
    CHECK(QImage(s.path("b.jpg")).size() == QSize(800, 1200));
    CHECK(QImage(s.path("b.jpg")).dotsPerMeterY() == qRound(200 / 0.0254));   // 1200 px over 6 inches

    const auto batch = s.cli({"export-photos", "Jones", "--to", s.path("out"), "--kind", "proof", "--template",
                              "{event}-{seq:03}-{filename}", "--size", "600", "--json"});
    INFO(batch.err.toStdString());
    REQUIRE(batch.exitCode == 0);
    QStringList names;
    for (const auto& v : batch.json().object().value("written").toArray())
        names << QFileInfo(v.toObject().value("path").toString()).fileName();
    QStringList expected;
    for (int i = 0; i < 3; ++i) expected << QStringLiteral("Jones-%1-%2.jpg").arg(i + 1, 3, 10, QLatin1Char('0')).arg(QFileInfo(s.batch.valid[i]).completeBaseName());
    CHECK(names == expected);
    CHECK(QDir(s.path("out")).entryList(QDir::Files).size() == 3);
    for (const QString& n : names) CHECK(std::max(QImage(s.path("out/" + n)).width(), QImage(s.path("out/" + n)).height()) == 600);

    // Two chosen photos as print files.
    REQUIRE(s.cli({"export-photos", s.ids[1], s.ids[2], "--to", s.path("lab"), "--kind", "print", "--size", "8x10",
                   "--template", "{seq}_{size}"}).exitCode == 0);
    CHECK(QDir(s.path("lab")).entryList(QDir::Files) == QStringList{"1_8x10.jpg", "2_8x10.jpg"});
}

TEST_CASE("cli: edit, export and watermark errors say what is wrong", "[cli][edits]") {
    Studio s;
    const QString id = s.ids[0];
    struct Case { QStringList args; int code; const char* says; };
    const Case cases[] = {
        {{"edit", id, "rotate", "up"}, 2, "cw or ccw"},
        {{"edit", id}, 2, "rotate cw|ccw"},
        {{"edit", "nope", "rotate", "cw"}, 1, "no photo"},
        {{"edit", id, "straighten", "60"}, 1, "-45 to 45"},
        {{"edit", id, "crop", "0.5", "0", "0.8", "1"}, 1, "within 1"},
        {{"edit", id, "crop", "a", "0", "1", "1"}, 2, "number"},
        {{"edit", id, "crop", "--aspect", "wide"}, 2, "--aspect"},
        {{"edit", id, "undo"}, 1, "nothing to undo"},
        {{"edit", id, "copy-to", id}, 1, "onto itself"},
        {{"export", id, "--kind", "print", "--watermark", "x", "--out", "/tmp/x.jpg"}, 2, "proofs only"},
        {{"export", id, "--kind", "print", "--size", "huge", "--out", "/tmp/x.jpg"}, 2, "4x6"},
        {{"export", id, "--kind", "proof", "--watermark", "Missing", "--out", "/tmp/x.jpg"}, 1, "no watermark preset"},
        {{"export", id, "--kind", "negative", "--out", "/tmp/x.jpg"}, 2, "--kind"},
        {{"export-photos", "Jones", "--to", "/tmp/never", "--kind", "proof", "--template", "{nope}"}, 1, "unknown placeholder"},
        {{"watermark", "add", "Empty"}, 1, "text, a logo or both"},
        {{"watermark", "add", "W", "--text", "x", "--logo", "/no/such/logo.png"}, 2, "cannot read the logo"},
        {{"watermark", "add", "W", "--text", "x", "--position", "middle"}, 2, "--position"},
        {{"event", "set", "Jones", "--proof-size", "10"}, 1, "256 to 16384"},
        {{"event", "set", "Jones", "--watermark", "Missing"}, 1, "no watermark preset"},
        {{"event", "set", "Jones", "--price-sheet", "x"}, 2, "not in this version"},
        {{"event", "set", "Jones", "--expires", "soon"}, 2, "YYYY-MM-DD"},
        {{"event", "set", "Jones", "--allow-gps", "maybe"}, 2, "yes or no"},
    };
    for (const Case& c : cases) {
        INFO("proofdesk-cli " << c.args.join(' ').toStdString());
        const auto r = s.cli(c.args);
        CHECK(r.exitCode == c.code);
        CHECK(QString::fromUtf8(r.err).contains(QLatin1String(c.says)));
    }
    // Nothing was changed by the failed edits.
    CHECK(s.editJson({id, "show"}).value("edit_version").toInt() == 0);
}
