#pragma once
// Scores one architecture on a data stream with the network's current (e.g. inherited) weights:
// eval mode, NoGradGuard, one pass over the loader's epoch.
#include "models/data/BatchLoader.h"
#include "models/nn/Supernet.h"
#include "models/train/Metrics.h"

namespace autorac::models {

Metrics evaluate(Supernet& net, const Arch& arch, BatchLoader& loader);

}  // namespace autorac::models
