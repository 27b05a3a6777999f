// Watermark presets kept in the catalog (table watermark_presets): each named uniquely, with its
// settings as JSON and its logo as a blob. Events name their default preset by id.
#pragma once

#include "pd/core/result.h"
#include "pd/core/watermark.h"
#include "pd/db/records.h"

#include <optional>
#include <vector>

namespace pd {

class Catalog;

struct WatermarkPresetRecord {
    qint64 id = 0;
    WatermarkPreset preset;   // preset.name is the unique name
};

// All presets, by name.
Result<std::vector<WatermarkPresetRecord>> watermarkPresets(Catalog& catalog);
// By id (digits) or exact name.
Result<std::optional<WatermarkPresetRecord>> findWatermarkPreset(Catalog& catalog, const QString& idOrName);
// NotFound naming the presets there are.
Result<WatermarkPresetRecord> requireWatermarkPreset(Catalog& catalog, const QString& idOrName);
Result<WatermarkPresetRecord> watermarkPresetById(Catalog& catalog, qint64 id);

// Stores a new preset. Errors: InvalidArgument (no name, a name of digits only, what
// WatermarkPreset::validate() refuses), AlreadyExists (the name is taken).
Result<WatermarkPresetRecord> addWatermarkPreset(Catalog& catalog, const WatermarkPreset& preset);
// Replaces a preset's settings and logo (and name). Errors as addWatermarkPreset, NotFound.
Status updateWatermarkPreset(Catalog& catalog, qint64 id, const WatermarkPreset& preset);
// Deletes a preset no event uses. Errors: NotFound; InvalidArgument naming the events that use it
// as their default (so proofs are never published unmarked by surprise).
Status removeWatermarkPreset(Catalog& catalog, qint64 id);

// The event's default watermark, if it has one.
Result<std::optional<WatermarkPreset>> eventWatermark(Catalog& catalog, const EventRecord& event);

} // namespace pd
