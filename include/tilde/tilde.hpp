// SPDX-License-Identifier: MIT
/// @file tilde.hpp  Umbrella header: everything an embedder needs.
#pragma once

#include <tilde/analysis.hpp>
#include <tilde/document.hpp>
#include <tilde/errors.hpp>
#include <tilde/index_job.hpp>
#include <tilde/index_writer.hpp>
#include <tilde/searcher.hpp>
