// Shift-and-add (S+A) unit of a PE (HARDWARE.md §2.5; the RTL twin of the S+A arithmetic of
// hw/FunctionalMvm and of the `shift_add.latency_cycles = 1` pipeline of hw/CrossbarUnit).
//
// Each cycle it may accept one ADC result: the b-bit code `in_value` of one column for input slice
// `in_s` and weight slice `in_k`. The code weighs 2^(s·DAC_BITS + k·CELL_BITS + lsb), where `in_lsb` is
// the weight of the code's least significant bit (0 for an exact or clipping ADC; range_bits − b for a
// `drop-lsb` ADC, which returns the top b bits of the column's range). The shifted value is added to
// the accumulator of output `in_out`. `in_start` marks the first result of a vector: every accumulator
// is cleared before this result is added. `in_last` marks its last result.
//
// Timing: one pipeline stage. A result accepted in cycle t is in its accumulator in cycle t+1, when
// `out_valid`, `out_idx` and `out_acc` (the accumulator's new value) show it; `vec_done` is high in the
// cycle after the `in_last` result, when every accumulator holds the vector's sums. `rd_idx`/`rd_acc`
// read any accumulator combinationally. Accumulators are ACC_BITS wide and wrap modulo 2^ACC_BITS.
module shift_add #(
    parameter int ADC_BITS  = 8,   // b: width of an ADC code
    parameter int DAC_BITS  = 1,   // d: input bits per slice
    parameter int CELL_BITS = 2,   // c: weight bits per cell
    parameter int IN_SLICES = 16,  // largest S = ceil(a/d) the unit serves
    parameter int W_SLICES  = 8,   // largest ceil(w/c)
    parameter int LSB_BITS  = 4,   // width of in_lsb
    parameter int OUTPUTS   = 16,  // accumulators (outputs of one vector)
    parameter int ACC_BITS  = 48
) (
    input  logic                clk,
    input  logic                rst,      // synchronous, active high: clears every accumulator
    input  logic                in_valid,
    input  logic [ADC_BITS-1:0] in_value,
    input  logic [S_W-1:0]      in_s,
    input  logic [K_W-1:0]      in_k,
    input  logic [LSB_BITS-1:0] in_lsb,
    input  logic [O_W-1:0]      in_out,
    input  logic                in_start,
    input  logic                in_last,
    output logic                out_valid,
    output logic [O_W-1:0]      out_idx,
    output logic [ACC_BITS-1:0] out_acc,
    output logic                vec_done,
    input  logic [O_W-1:0]      rd_idx,
    output logic [ACC_BITS-1:0] rd_acc
);
  localparam int S_W = IN_SLICES > 1 ? $clog2(IN_SLICES) : 1;
  localparam int K_W = W_SLICES > 1 ? $clog2(W_SLICES) : 1;
  localparam int O_W = OUTPUTS > 1 ? $clog2(OUTPUTS) : 1;
  // Shift amounts up to (S−1)·d + (K−1)·c + 2^LSB_BITS − 1 fit in SH_W bits.
  localparam int MAX_SHIFT = (IN_SLICES - 1) * DAC_BITS + (W_SLICES - 1) * CELL_BITS + (1 << LSB_BITS) - 1;
  localparam int SH_W = $clog2(MAX_SHIFT + 1);

  logic [ACC_BITS-1:0] acc_q[OUTPUTS];
  logic [SH_W-1:0]     shamt;
  logic [ACC_BITS-1:0] shifted, base, sum;

  always_comb begin
    shamt   = SH_W'(in_s) * SH_W'(DAC_BITS) + SH_W'(in_k) * SH_W'(CELL_BITS) + SH_W'(in_lsb);
    shifted = ACC_BITS'(in_value) << shamt;
    base    = in_start ? '0 : acc_q[in_out];
    sum     = base + shifted;
  end

  always_ff @(posedge clk) begin
    if (rst) begin
      for (int n = 0; n < OUTPUTS; n++) acc_q[n] <= '0;
      out_valid <= 1'b0;
      out_idx   <= '0;
      out_acc   <= '0;
      vec_done  <= 1'b0;
    end else begin
      if (in_valid) begin
        if (in_start)
          for (int n = 0; n < OUTPUTS; n++) acc_q[n] <= '0;
        acc_q[in_out] <= sum;  // the later assignment wins for the result's own output
      end
      out_valid <= in_valid;
      out_idx   <= in_out;
      out_acc   <= sum;
      vec_done  <= in_valid & in_last;
    end
  end

  assign rd_acc = acc_q[rd_idx];
endmodule
