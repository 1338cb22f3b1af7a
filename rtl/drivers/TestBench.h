#pragma once
// Layer 1 of the RTL harnesses (docs/rtl.md): a generic test bench around one verilated module with a
// `clk` and a synchronous, active-high `rst`. As in Verilator's examples/make_tracing_c, it owns a
// VerilatedContext and the model in unique_ptrs, advances time explicitly through the context and
// calls final() at the end; like ZipCPU's TESTB it offers tick / reset / trace and nothing specific to
// one block. A cycle is 10 time units: inputs set by the driver settle with clk low, the rising edge
// comes 5 units later. With AUTORAC_RTL_VCD=<dir> in the environment every bench writes <dir>/<name>.vcd.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include <verilated.h>
#include <verilated_vcd_c.h>

namespace autorac::rtl {

template <class Model>
class TestBench {
public:
  explicit TestBench(const std::string& name) : context_(std::make_unique<VerilatedContext>()) {
    const char* vcd_dir = std::getenv("AUTORAC_RTL_VCD");
    context_->traceEverOn(vcd_dir != nullptr);  // before the model is built, as Verilator requires
    model_ = std::make_unique<Model>(context_.get(), "top");
    if (vcd_dir != nullptr) {
      trace_ = std::make_unique<VerilatedVcdC>();
      model_->trace(trace_.get(), 99);
      trace_->open((std::string(vcd_dir) + "/" + name + ".vcd").c_str());
    }
    model_->clk = 0;
    model_->rst = 0;
  }
  TestBench(const TestBench&) = delete;
  TestBench& operator=(const TestBench&) = delete;
  ~TestBench() {
    model_->final();
    if (trace_) trace_->close();
  }

  // The model's ports, for the driver above.
  Model& io() { return *model_; }
  // Cycles since the end of reset(): the cycle whose inputs the driver is now setting.
  int64_t cycle() const { return cycle_; }

  // Evaluates the current cycle's combinational outputs from the inputs set so far (may be repeated).
  void settle() {
    model_->clk = 0;
    model_->eval();
  }
  // Ends the current cycle: the rising edge updates the registers and the next cycle begins.
  void tick() {
    settle();
    dump();
    context_->timeInc(kHalfPeriod);
    model_->clk = 1;
    model_->eval();
    dump();
    context_->timeInc(kHalfPeriod);
    ++cycle_;
  }
  // Holds rst for `cycles` cycles; cycle() counts from 0 again afterwards.
  void reset(int cycles = 2) {
    model_->rst = 1;
    for (int i = 0; i < cycles; ++i) tick();
    model_->rst = 0;
    cycle_ = 0;
  }

private:
  static constexpr uint64_t kHalfPeriod = 5;
  void dump() {
    if (trace_) trace_->dump(context_->time());
  }

  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<VerilatedVcdC> trace_;
  int64_t cycle_ = 0;
};

}  // namespace autorac::rtl
