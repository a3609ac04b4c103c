// SPDX-License-Identifier: MIT
/// @file stage_clock.hpp  Time split between a search's stages (StageTimes), lap by lap.
#pragma once

#include <chrono>

namespace tilde {

class StageClock {
  public:
    StageClock() : last_(std::chrono::steady_clock::now()) {}

    /// Adds the time since the last lap (or the start) to `stage`, and starts the next lap.
    void lap(double& stage) {
        const auto now = std::chrono::steady_clock::now();
        stage += std::chrono::duration<double, std::milli>(now - last_).count();
        last_ = now;
    }

  private:
    std::chrono::steady_clock::time_point last_;
};

}  // namespace tilde
