// Exports: sources read from the catalog and the vault, files made by core's pure functions.
#include "pd/db/photo_export.h"

#include "pd/core/edit_geometry.h"
#include "pd/core/edited_renditions.h"
#include "pd/core/image_format.h"
#include "pd/db/catalog.h"
#include "pd/db/vault.h"
#include "pd/db/watermark_presets.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <deque>

namespace pd {

namespace {

Result<QByteArray> readOriginal(Catalog& catalog, const PhotoRecord& photo) {
    auto vault = Vault::open(catalog.vaultPath(photo.eventId), false);
    PD_TRY(vault);
    return (*vault)->readOriginal(photo.sha256);
}

QString originalSuffix(const PhotoRecord& p) {
    const QString s = QFileInfo(p.filename).suffix().toLower();
    if (!s.isEmpty()) return s;
    const QString f = p.format.toLower();
    return f == QLatin1String("jpeg") ? QStringLiteral("jpg") : f;
}

QString safeForFileName(QString s) {
    static const QRegularExpression bad(QStringLiteral("[/\\\\:*?\"<>|\\x00-\\x1F]"));
    s.replace(bad, QStringLiteral("_"));
    s = s.trimmed();
    while (s.startsWith(QLatin1Char('.'))) s[0] = QLatin1Char('_');
    return s;
}

Result<std::optional<WatermarkPreset>> chosenWatermark(Catalog& catalog, const EventRecord& event, const WatermarkChoice& choice) {
    switch (choice.mode) {
    case WatermarkChoice::Mode::None: return std::optional<WatermarkPreset>();
    case WatermarkChoice::Mode::Preset: {
        auto p = requireWatermarkPreset(catalog, choice.preset);
        PD_TRY(p);
        return std::optional<WatermarkPreset>(p->preset);
    }
    case WatermarkChoice::Mode::EventDefault: break;
    }
    return eventWatermark(catalog, event);
}

// What a proof says about who owns it: the photo's own copyright and creator, else the event's
// photographer.
void fillProofTags(ProofOptions& o, const PhotoRecord& p, const EventRecord& e) {
    o.capturedAt = p.meta.capturedAt;
    o.creator = !p.meta.creator.trimmed().isEmpty() ? p.meta.creator : e.photographer;
    o.copyright = p.meta.copyright;
    if (o.copyright.trimmed().isEmpty() && !e.photographer.trimmed().isEmpty()) {
        const int year = p.meta.capturedAt.isValid() ? p.meta.capturedAt.date().year()
                         : e.date.isValid()          ? e.date.year()
                                                     : QDate::currentDate().year();
        o.copyright = QStringLiteral("\u00A9 %1 %2").arg(year).arg(e.photographer.trimmed());
    }
    if (e.allowGps) o.gps = p.meta.gps;
}

} // namespace

QString exportKindName(ExportKind kind) {
    switch (kind) {
    case ExportKind::Original: return QStringLiteral("original");
    case ExportKind::Thumbnail: return QStringLiteral("thumb");
    case ExportKind::Preview: return QStringLiteral("preview");
    case ExportKind::Proof: return QStringLiteral("proof");
    case ExportKind::Print: break;
    }
    return QStringLiteral("print");
}

std::optional<ExportKind> exportKindFromName(const QString& name) {
    for (ExportKind k : {ExportKind::Original, ExportKind::Thumbnail, ExportKind::Preview, ExportKind::Proof, ExportKind::Print})
        if (exportKindName(k) == name) return k;
    if (name == QLatin1String("thumbnail")) return ExportKind::Thumbnail;
    return std::nullopt;
}

Result<ExportJob> prepareExport(Catalog& catalog, const QString& photoId, const ExportOptions& options) {
    if (options.quality != 0 && (options.quality < 1 || options.quality > 100))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a quality is 1 to 100, not %1").arg(options.quality));
    if (options.longEdge != 0 && (options.longEdge < 16 || options.longEdge > 65535))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a proof's long edge is 16 to 65535 px, not %1").arg(options.longEdge));
    auto photo = catalog.requirePhoto(photoId);
    PD_TRY(photo);
    ExportJob job;
    job.photo = photo.value();
    job.options = options;
    job.suffix = QStringLiteral("jpg");
    switch (options.kind) {
    case ExportKind::Original: {
        auto bytes = readOriginal(catalog, job.photo);
        PD_TRY(bytes);
        job.bytes = std::move(bytes).value();
        job.source = ExportJob::Source::Finished;
        job.suffix = originalSuffix(job.photo);
        return job;
    }
    case ExportKind::Thumbnail:
    case ExportKind::Preview: {
        auto r = catalog.rendition(job.photo.id, options.kind == ExportKind::Thumbnail ? QStringLiteral("thumb") : QStringLiteral("preview"));
        PD_TRY(r);
        if (r.value() && r.value()->editVersion == job.photo.editVersion) {
            job.bytes = r.value()->jpeg;
            job.source = ExportJob::Source::Finished;
            return job;
        }
        auto bytes = readOriginal(catalog, job.photo);   // stale or missing: made again from the original
        PD_TRY(bytes);
        job.bytes = std::move(bytes).value();
        job.source = ExportJob::Source::Original;
        return job;
    }
    case ExportKind::Proof: {
        auto event = catalog.requireEvent(job.photo.eventId);
        PD_TRY(event);
        job.proof.longEdge = options.longEdge > 0 ? options.longEdge : event->proofSize;
        job.proof.quality = options.quality > 0 ? options.quality : kProofQuality;
        auto mark = chosenWatermark(catalog, event.value(), options.watermark);
        PD_TRY(mark);
        job.proof.watermark = mark.value();
        fillProofTags(job.proof, job.photo, event.value());
        // The current preview serves when it is large enough: no decode of the original.
        const QSize oriented(job.photo.width, job.photo.height);
        const QSize edited = resolveEdits(job.photo.edits, oriented).outputSize(oriented);
        auto preview = catalog.rendition(job.photo.id, QStringLiteral("preview"));
        PD_TRY(preview);
        if (preview.value() && preview.value()->editVersion == job.photo.editVersion &&
            previewCoversProof(QSize(preview.value()->width, preview.value()->height), edited, job.proof.longEdge)) {
            job.bytes = preview.value()->jpeg;
            job.source = ExportJob::Source::EditedPreview;
            return job;
        }
        auto bytes = readOriginal(catalog, job.photo);
        PD_TRY(bytes);
        job.bytes = std::move(bytes).value();
        job.source = ExportJob::Source::Original;
        return job;
    }
    case ExportKind::Print: {
        auto bytes = readOriginal(catalog, job.photo);
        PD_TRY(bytes);
        job.bytes = std::move(bytes).value();
        job.source = ExportJob::Source::Original;
        return job;
    }
    }
    return makeError(ErrorCode::InvalidArgument, QStringLiteral("unknown export kind"));
}

Result<ExportedPhoto> makeExport(const ExportJob& job) {
    const QString context = job.photo.filename;
    switch (job.options.kind) {
    case ExportKind::Original:
        return ExportedPhoto{job.bytes, job.photo.width, job.photo.height, QStringLiteral("original"), job.suffix};
    case ExportKind::Thumbnail:
    case ExportKind::Preview: {
        if (job.source == ExportJob::Source::Finished)
            return ExportedPhoto{job.bytes, 0, 0, QStringLiteral("stored"), job.suffix};
        auto made = makeEditedRenditions(job.bytes, job.photo.edits);
        if (!made.ok()) return made.error().withContext(context);
        const EncodedRendition& r = job.options.kind == ExportKind::Thumbnail ? made->thumbnail : made->preview;
        return ExportedPhoto{r.jpeg, r.width, r.height, QStringLiteral("remade"), job.suffix};
    }
    case ExportKind::Proof: {
        auto proof = job.source == ExportJob::Source::EditedPreview ? makeProofFromPreview(job.bytes, job.proof)
                                                                    : makeProofFromOriginal(job.bytes, job.photo.edits, job.proof);
        if (!proof.ok()) return proof.error().withContext(context);
        return ExportedPhoto{proof->jpeg, proof->width, proof->height,
                             job.source == ExportJob::Source::EditedPreview ? QStringLiteral("preview") : QStringLiteral("original"),
                             job.suffix};
    }
    case ExportKind::Print: {
        PrintRequest request{job.bytes, job.photo.edits, job.options.printSize,
                             job.options.quality > 0 ? job.options.quality : kPrintQuality};
        auto print = makePrintFile(request);
        if (!print.ok()) return print.error().withContext(context);
        return ExportedPhoto{print->jpeg, print->width, print->height, printMethodName(print->method), job.suffix};
    }
    }
    return makeError(ErrorCode::InvalidArgument, QStringLiteral("unknown export kind"));
}

Result<ExportedPhoto> exportPhoto(Catalog& catalog, const QString& photoId, const ExportOptions& options) {
    auto job = prepareExport(catalog, photoId, options);
    PD_TRY(job);
    return makeExport(job.value());
}

Result<QString> expandFileNameTemplate(const QString& t, const FileNameFields& f) {
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z]+)(?::(0?\\d{1,2}))?\\}"));
    const QString usage = QStringLiteral("use {event}, {seq}, {seq:03}, {filename}, {id}, {date}, {kind}, {size} or {category}");
    QString out;
    qsizetype pos = 0;
    auto it = placeholder.globalMatch(t);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString literal = t.mid(pos, m.capturedStart() - pos);
        if (literal.contains(QLatin1Char('{')) || literal.contains(QLatin1Char('}')))
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("a brace in the file-name template is not a placeholder: %1").arg(usage));
        out += safeForFileName(literal);
        const QString name = m.captured(1), width = m.captured(2);
        QString value;
        if (name == QLatin1String("seq")) {
            value = QString::number(f.seq);
            if (!width.isEmpty()) value = value.rightJustified(width.toInt(), QLatin1Char('0'));
        } else if (!width.isEmpty()) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("only {seq} takes a width, not {%1}").arg(name));
        } else if (name == QLatin1String("event")) value = f.event;
        else if (name == QLatin1String("filename")) value = f.filename;
        else if (name == QLatin1String("id")) value = f.id;
        else if (name == QLatin1String("date")) value = f.date.isValid() ? f.date.toString(Qt::ISODate) : QStringLiteral("undated");
        else if (name == QLatin1String("kind")) value = f.kind;
        else if (name == QLatin1String("size")) value = f.size;
        else if (name == QLatin1String("category")) value = f.category;
        else return makeError(ErrorCode::InvalidArgument, QStringLiteral("unknown placeholder {%1} in the file-name template: %2").arg(name, usage));
        out += safeForFileName(value);
        pos = m.capturedEnd();
    }
    const QString rest = t.mid(pos);
    if (rest.contains(QLatin1Char('{')) || rest.contains(QLatin1Char('}')))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a brace in the file-name template is not a placeholder: %1").arg(usage));
    out += safeForFileName(rest);
    out = out.trimmed();
    if (out.isEmpty() || out == QLatin1String("_"))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the file-name template gives an empty name"));
    return out;
}

Result<BatchExportSummary> exportPhotos(Catalog& catalog, const BatchExportRequest& request, ExportProgress* progress,
                                        const CancelToken& cancel) {
    PD_TRY(expandFileNameTemplate(request.fileNameTemplate, FileNameFields{QStringLiteral("e"), 1, QStringLiteral("f"),
                                                                           QStringLiteral("i"), {}, QStringLiteral("k"),
                                                                           QStringLiteral("s"), QStringLiteral("c")}));
    if (request.options.kind != ExportKind::Proof && request.options.watermark.mode == WatermarkChoice::Mode::Preset)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("watermarks go on proofs only"));
    const QString folder = QDir(request.folder).absolutePath();
    if (!QDir().mkpath(folder)) return makeError(ErrorCode::Io, QStringLiteral("cannot create the folder"), folder);

    const QString sizeField = request.options.kind == ExportKind::Print && request.options.printSize
                                  ? QStringLiteral("%1x%2").arg(request.options.printSize->shortInches).arg(request.options.printSize->longInches)
                                  : QString();
    QThreadPool pool;
    pool.setMaxThreadCount(request.jobs > 0 ? request.jobs : QThread::idealThreadCount());
    const qsizetype window = 2 * qsizetype(pool.maxThreadCount());   // bounds the originals held in memory

    BatchExportSummary summary;
    QSet<QString> usedNames;   // lower case: one export never writes two photos to one file
    QHash<QString, EventRecord> events;
    struct Pending {
        int seq = 0;
        PhotoRecord photo;
        int proofLongEdge = 0;
        QFuture<Result<ExportedPhoto>> future;
    };
    std::deque<Pending> running;
    qsizetype next = 0;
    const int total = int(request.photoIds.size());

    auto finish = [&](Pending& p) -> Status {
        Result<ExportedPhoto> made = p.future.result();
        if (!made.ok()) {
            summary.failed.push_back({p.photo.id, made.error().toString()});
            return {};
        }
        const PhotoRecord& photo = p.photo;
        if (!events.contains(photo.eventId)) {
            auto e = catalog.requireEvent(photo.eventId);
            PD_TRY(e);
            events.insert(photo.eventId, e.value());
        }
        const QString size = request.options.kind == ExportKind::Proof
                                 ? QStringLiteral("%1px").arg(p.proofLongEdge) : sizeField;
        auto base = expandFileNameTemplate(request.fileNameTemplate,
                                           FileNameFields{events.value(photo.eventId).name, p.seq, QFileInfo(photo.filename).completeBaseName(),
                                                          photo.id, photo.meta.capturedAt.date(), exportKindName(request.options.kind),
                                                          size, photo.category});
        PD_TRY(base);
        QString name = base.value() + QLatin1Char('.') + made->suffix;
        for (int n = 2; usedNames.contains(name.toLower()); ++n)
            name = QStringLiteral("%1-%2.%3").arg(base.value()).arg(n).arg(made->suffix);
        usedNames.insert(name.toLower());
        const QString path = folder + QLatin1Char('/') + name;
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(made->bytes) != made->bytes.size() || !out.commit()) {
            summary.failed.push_back({photo.id, QStringLiteral("%1: cannot write: %2").arg(path, out.errorString())});
            return {};
        }
        summary.written.push_back({photo.id, path, made->width, made->height, made->method});
        if (progress) progress->photoExported(summary.written.back(), int(summary.written.size() + summary.failed.size()), total);
        return {};
    };

    while (next < request.photoIds.size() || !running.empty()) {
        while (next < request.photoIds.size() && qsizetype(running.size()) < window && !cancel.isCancelled()) {
            const int seq = int(next) + 1;
            const QString id = request.photoIds[next++];
            auto job = prepareExport(catalog, id, request.options);
            if (!job.ok()) {
                summary.failed.push_back({id, job.error().toString()});
                continue;
            }
            Pending p{seq, job->photo, job->proof.longEdge, {}};
            p.future = QtConcurrent::run(&pool, [j = std::move(job).value()] { return makeExport(j); });
            running.push_back(std::move(p));
        }
        if (cancel.isCancelled() && next < request.photoIds.size()) {
            summary.cancelled = true;
            next = request.photoIds.size();
        }
        if (running.empty()) break;
        Pending p = std::move(running.front());
        running.pop_front();
        const Status s = finish(p);
        if (!s.ok()) {
            pool.waitForDone();
            return s.error();
        }
    }
    return summary;
}

} // namespace pd
