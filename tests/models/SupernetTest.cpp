#include <gtest/gtest.h>

#include <random>

#include <torch/torch.h>

#include "models/data/CriteoReader.h"
#include "models/data/AvazuReader.h"
#include "models/nn/Supernet.h"
#include "models/space/SearchSpace.h"

using namespace autorac::models;

namespace {

void forwardBackward(Supernet& net, const Arch& a, int64_t nd, int64_t ns) {
  const int64_t B = 6;
  auto dense = torch::rand({B, nd});
  auto sparse = torch::randint(0, net->shape().table_size, {B, ns}, torch::kInt64);
  for (auto& p : net->parameters()) p.mutable_grad() = torch::Tensor();
  auto logits = net->forward(dense, sparse, a);
  ASSERT_EQ(logits.sizes(), torch::IntArrayRef({B}));
  EXPECT_TRUE(torch::isfinite(logits).all().item<bool>());
  auto loss = torch::binary_cross_entropy_with_logits(logits, torch::ones({B}));
  loss.backward();
  int with_grad = 0;
  for (auto& p : net->parameters()) with_grad += p.grad().defined();
  EXPECT_GT(with_grad, 2);
}

}  // namespace

TEST(Supernet, RandomArchitecturesOfTheTinySpaceRunForwardAndBackward) {
  torch::manual_seed(0);
  SearchSpace space(SpaceConfig::tiny());
  auto schema = CriteoReader::makeSchema();
  Supernet net(NetShape::forSpace(space.config(), schema, 4096));
  std::mt19937_64 rng(11);
  for (int i = 0; i < 25; ++i) {
    Arch a = space.sample(rng);
    net->checkArch(a);
    forwardBackward(net, a, 13, 26);
  }
  forwardBackward(net, space.largest(rng), 13, 26);
}

TEST(Supernet, FullSpaceBlockShapesOnAvazu) {
  // The full space (widths to 1024, tokens to 64) on a schema without dense features.
  torch::manual_seed(0);
  SearchSpace space;
  SpaceConfig c = space.config();
  c.blocks = 3;  // keep the test light; shapes per block are those of the full space
  Supernet net(NetShape::forSpace(c, AvazuReader::makeSchema(), 4096));
  std::mt19937_64 rng(3);
  for (int i = 0; i < 4; ++i) {
    Arch a = SearchSpace(c).sample(rng);
    forwardBackward(net, a, 0, 23);
  }
}

TEST(Supernet, StandAloneNetworkMatchesInheritedWeights) {
  // A network built for one architecture has exactly the sliced weights of the supernet path.
  torch::manual_seed(0);
  SearchSpace space(SpaceConfig::tiny());
  auto schema = CriteoReader::makeSchema();
  Supernet super(NetShape::forSpace(space.config(), schema, 4096));
  std::mt19937_64 rng(2);
  Arch a = space.sample(rng);
  Supernet alone(NetShape::forArch(a, schema, 4096));
  EXPECT_LT(alone->parameterCount(), super->parameterCount());
  auto dense = torch::rand({5, 13});
  auto sparse = torch::randint(0, 4096, {5, 26}, torch::kInt64);
  auto y = alone->forward(dense, sparse, a);
  EXPECT_EQ(y.sizes(), torch::IntArrayRef({5}));
}
