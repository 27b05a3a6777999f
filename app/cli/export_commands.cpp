// proofdesk-cli's export commands: export (one file), export-photos (a batch into a folder) and
// the watermark presets that proofs use.
#include "export_commands.h"

#include "cli_support.h"

#include "pd/db/catalog.h"
#include "pd/db/photo_export.h"
#include "pd/db/vault.h"
#include "pd/db/watermark_presets.h"

#include <QColor>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>
#include <optional>

namespace pd::cli {

namespace {

// "0.05" or "5%": a fraction of the short edge.
double parseFraction(const QString& text, const QString& what) {
    QString t = text.trimmed();
    const bool percent = t.endsWith(QLatin1Char('%'));
    if (percent) t.chop(1);
    const double v = parseNumber(t, what) / (percent ? 100.0 : 1.0);
    if (v < 0 || v > 2) throw UsageError{QStringLiteral("%1 is a fraction of the short edge such as 0.05 or 5%").arg(what)};
    return v;
}

ExportOptions exportOptionsFrom(const Args& a, ExportKind kind) {
    ExportOptions o;
    o.kind = kind;
    const QString size = a.value("size");
    if (!size.isEmpty()) {
        if (kind == ExportKind::Print) {
            o.printSize = parsePrintSize(size);
            if (!o.printSize) throw UsageError{QStringLiteral("--size for a print is inches such as 4x6, 5x7 or 8x10")};
        } else if (kind == ExportKind::Proof) {
            bool ok = false;
            o.longEdge = size.endsWith(QLatin1String("px")) ? size.chopped(2).toInt(&ok) : size.toInt(&ok);
            if (!ok || o.longEdge < 16 || o.longEdge > 65535) throw UsageError{QStringLiteral("--size for a proof is its long edge in px, such as 2048")};
        } else {
            throw UsageError{QStringLiteral("--size goes with --kind proof (px) or print (inches)")};
        }
    }
    if (a.has("quality")) {
        if (kind != ExportKind::Proof && kind != ExportKind::Print) throw UsageError{QStringLiteral("--quality goes with proofs and prints")};
        bool ok = false;
        o.quality = a.value("quality").toInt(&ok);
        if (!ok || o.quality < 1 || o.quality > 100) throw UsageError{QStringLiteral("--quality takes 1 to 100")};
    }
    if (a.has("watermark")) {
        if (kind != ExportKind::Proof) throw UsageError{QStringLiteral("watermarks go on proofs only (never on originals, renditions or print files)")};
        const QString w = a.value("watermark");
        if (w == QLatin1String("none")) {
            o.watermark.mode = WatermarkChoice::Mode::None;
        } else {
            o.watermark.mode = WatermarkChoice::Mode::Preset;
            o.watermark.preset = w;
        }
    }
    return o;
}

ExportKind exportKindArg(const Args& a) {
    const auto kind = exportKindFromName(a.value("kind"));
    if (!kind) throw UsageError{QStringLiteral("--kind is original, thumb, preview, proof or print")};
    return *kind;
}

class ExportLines : public ExportProgress {
public:
    explicit ExportLines(bool quiet) : m_quiet(quiet) {}
    void photoExported(const ExportedFile& f, int done, int total) override {
        if (!m_quiet) std::fprintf(stderr, "[%d/%d] %s\n", done, total, qPrintable(f.path));
    }
private:
    bool m_quiet;
};

QJsonObject presetJson(const WatermarkPresetRecord& r) {
    QJsonObject o = r.preset.toJson(false);
    o.insert("id", r.id);
    if (!r.preset.logo.isEmpty()) o.insert("logo_format", watermarkLogoFormat(r.preset.logo));
    return o;
}

// Applies watermark options to a preset (add starts from the defaults, update from the stored one).
void applyPresetOptions(WatermarkPreset& p, const Args& a) {
    if (a.has("text")) p.text = a.value("text");
    if (a.has("font")) p.fontFamily = a.value("font");
    if (a.has("bold")) p.bold = parseYesNo(a.value("bold"), QStringLiteral("--bold"));
    if (a.has("text-size")) p.textSize = parseFraction(a.value("text-size"), QStringLiteral("--text-size"));
    if (a.has("colour") || a.has("color")) {
        const QString c = a.has("colour") ? a.value("colour") : a.value("color");
        p.colour = QColor::fromString(c);
        if (!p.colour.isValid()) throw UsageError{QStringLiteral("--colour takes #RRGGBB or a colour name, not \"%1\"").arg(c)};
    }
    if (a.has("opacity")) p.opacity = parseFraction(a.value("opacity"), QStringLiteral("--opacity"));
    if (a.has("logo-size")) p.logoSize = parseFraction(a.value("logo-size"), QStringLiteral("--logo-size"));
    if (a.has("margin")) p.margin = parseFraction(a.value("margin"), QStringLiteral("--margin"));
    if (a.has("tile-spacing")) p.tileSpacing = parseFraction(a.value("tile-spacing"), QStringLiteral("--tile-spacing"));
    if (a.has("tile-angle")) p.tileAngle = parseNumber(a.value("tile-angle"), QStringLiteral("--tile-angle"));
    if (a.has("position")) {
        const auto pos = watermarkPositionFromName(a.value("position"));
        if (!pos) throw UsageError{QStringLiteral("--position is top-left, top, top-right, left, centre, right, bottom-left, bottom, bottom-right or tiled")};
        p.position = *pos;
    }
    if (a.has("no-logo")) p.logo.clear();
    if (a.has("logo")) {
        QFile f(a.value("logo"));
        if (!f.open(QIODevice::ReadOnly)) throw UsageError{QStringLiteral("cannot read the logo %1: %2").arg(a.value("logo"), f.errorString())};
        p.logo = f.readAll();
    }
}

} // namespace

int cmdExport(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {"kind", "out", "size", "quality", "watermark"}, {"json"});
    if (a.positional.size() != 1 || a.value("out").isEmpty() || a.value("kind").isEmpty())
        throw UsageError{QStringLiteral("export takes a PHOTO, --kind and --out FILE")};
    const ExportKind kind = exportKindArg(a);
    const ExportOptions options = exportOptionsFrom(a, kind);
    int code = kOk;
    auto p = cat.requirePhoto(a.positional[0]);
    if (!check(p, code)) return code;
    const QString out = a.value("out");
    if (kind == ExportKind::Original) {   // streamed from the vault, never held whole in memory
        auto vault = Vault::open(cat.vaultPath(p->eventId), false);
        if (!check(vault, code)) return code;
        const Status s = (*vault)->exportOriginal(p->sha256, out);
        return s.ok() ? kOk : fail(s.error());
    }
    auto made = exportPhoto(cat, p->id, options);
    if (!check(made, code)) return code;
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly) || file.write(made->bytes) != made->bytes.size() || !file.commit())
        return fail(makeError(ErrorCode::Io, QStringLiteral("cannot write: %1").arg(file.errorString()), out));
    if (a.has("json"))
        printJson(QJsonObject{{"path", QFileInfo(out).absoluteFilePath()}, {"width", made->width}, {"height", made->height},
                              {"method", made->method}, {"bytes", made->bytes.size()}});
    else if (kind == ExportKind::Proof || kind == ExportKind::Print)
        std::printf("%s %dx%d (%s) -> %s\n", qPrintable(exportKindName(kind)), made->width, made->height, qPrintable(made->method),
                    qPrintable(out));
    return kOk;
}

int cmdExportPhotos(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {"to", "kind", "size", "quality", "watermark", "template", "jobs"}, {"json", "selected"});
    if (a.positional.isEmpty() || a.value("to").isEmpty() || a.value("kind").isEmpty())
        throw UsageError{QStringLiteral("export-photos takes an EVENT or PHOTO ids, --to DIR and --kind")};
    BatchExportRequest req;
    req.options = exportOptionsFrom(a, exportKindArg(a));
    req.folder = a.value("to");
    if (a.has("template")) req.fileNameTemplate = a.value("template");
    req.jobs = parseJobs(a);
    int code = kOk;
    // One EVENT (all its photos, or those selected for the web), or a list of PHOTO ids.
    std::optional<EventRecord> event;
    if (a.positional.size() == 1) {
        auto e = cat.findEvent(a.positional[0]);
        if (!check(e, code)) return code;
        event = e.value();
    }
    if (event) {
        auto photos = cat.photos(event->id);
        if (!check(photos, code)) return code;
        for (const auto& p : photos.value())
            if (!a.has("selected") || p.selected) req.photoIds << p.id;
    } else {
        if (a.has("selected")) throw UsageError{QStringLiteral("--selected goes with an EVENT")};
        req.photoIds = a.positional;
    }
    return withImportSignals([&](CancelToken& cancel) {
        ExportLines lines(a.has("json"));
        auto s = exportPhotos(cat, req, &lines, cancel);
        int c = kOk;
        if (!check(s, c)) return c;
        QJsonArray written, failed;
        for (const auto& f : s->written)
            written.append(QJsonObject{{"id", f.photoId}, {"path", f.path}, {"width", f.width}, {"height", f.height}, {"method", f.method}});
        for (const auto& f : s->failed) {
            failed.append(QJsonObject{{"id", f.photoId}, {"error", f.error}});
            std::fprintf(stderr, "failed: %s: %s\n", qPrintable(f.photoId), qPrintable(f.error));
        }
        if (a.has("json")) printJson(QJsonObject{{"written", written}, {"failed", failed}, {"cancelled", s->cancelled}});
        else std::printf("%d exported to %s, %d failed%s\n", int(s->written.size()), qPrintable(QDir(req.folder).absolutePath()),
                         int(s->failed.size()), s->cancelled ? " (cancelled)" : "");
        return s->failed.empty() ? kOk : kPartial;
    });
}

int cmdWatermark(Catalog& cat, const QStringList& rest) {
    const QString sub = rest.value(0);
    const QSet<QString> presetOptions{"text", "font", "bold", "text-size", "colour", "color", "opacity", "logo", "logo-size",
                                      "position", "margin", "tile-spacing", "tile-angle"};
    int code = kOk;
    if (sub == QLatin1String("add") || sub == QLatin1String("update")) {
        const Args a = parseArgs(rest.mid(1), presetOptions + QSet<QString>{"name"}, {"json", "no-logo"});
        if (a.positional.size() != 1) throw UsageError{QStringLiteral("watermark %1 takes one NAME").arg(sub)};
        WatermarkPresetRecord record;
        if (sub == QLatin1String("add")) {
            record.preset.name = a.positional[0];
            applyPresetOptions(record.preset, a);
            auto added = addWatermarkPreset(cat, record.preset);
            if (!check(added, code)) return code;
            record = added.value();
        } else {
            auto existing = requireWatermarkPreset(cat, a.positional[0]);
            if (!check(existing, code)) return code;
            record = existing.value();
            applyPresetOptions(record.preset, a);
            if (a.has("name")) record.preset.name = a.value("name");
            const Status s = updateWatermarkPreset(cat, record.id, record.preset);
            if (!s.ok()) return fail(s.error());
        }
        if (a.has("json")) printJson(presetJson(record));
        else std::printf("%lld\n", record.id);
        return kOk;
    }
    if (sub == QLatin1String("list")) {
        const Args a = parseArgs(rest.mid(1), {}, {"json"});
        auto all = watermarkPresets(cat);
        if (!check(all, code)) return code;
        QJsonArray arr;
        for (const auto& r : all.value()) {
            arr.append(presetJson(r));
            if (!a.has("json"))
                std::printf("%lld  %-20s %-12s text \"%s\"%s\n", r.id, qPrintable(r.preset.name), qPrintable(watermarkPositionName(r.preset.position)),
                            qPrintable(r.preset.text), r.preset.logo.isEmpty() ? "" : "  + logo");
        }
        if (a.has("json")) printJson(arr);
        else if (all->empty()) std::printf("no watermark presets yet (watermark add NAME --text ...)\n");
        return kOk;
    }
    if (sub == QLatin1String("show")) {
        const Args a = parseArgs(rest.mid(1), {}, {"json"});
        if (a.positional.size() != 1) throw UsageError{QStringLiteral("watermark show takes one PRESET")};
        auto r = requireWatermarkPreset(cat, a.positional[0]);
        if (!check(r, code)) return code;
        printJson(presetJson(r.value()));
        return kOk;
    }
    if (sub == QLatin1String("remove")) {
        const Args a = parseArgs(rest.mid(1), {}, {});
        if (a.positional.size() != 1) throw UsageError{QStringLiteral("watermark remove takes one PRESET")};
        auto r = requireWatermarkPreset(cat, a.positional[0]);
        if (!check(r, code)) return code;
        const Status s = removeWatermarkPreset(cat, r->id);
        return s.ok() ? kOk : fail(s.error());
    }
    throw UsageError{QStringLiteral("watermark takes add, update, list, show or remove")};
}

} // namespace pd::cli
