// One direction of a mesh link (docs/noc.md): the flits from an upstream router's output to the
// downstream router's input, and the credits from that input back to the output. A link of
// LINK_CYCLES cycles is LINK_CYCLES - 1 registers on both paths (wires for LINK_CYCLES = 1): the
// downstream noc_router writes a flit into its buffer at the end of the cycle it arrives and counts a
// credit from the next cycle, so a flit leaving in cycle d is buffered from d + LINK_CYCLES and a slot
// freed in cycle d' is usable upstream from d' + LINK_CYCLES, as hw::noc::MeshCore times them.
module noc_link #(
    parameter int FLIT_BITS   = 32,  // interconnect.flit_bits
    parameter int LINK_CYCLES = 1    // interconnect.link_cycles
) (
    input  logic                 clk,
    input  logic                 rst,  // synchronous, active high: the link empties
    input  logic                 up_valid,
    input  logic                 up_head,
    input  logic                 up_tail,
    input  logic [FLIT_BITS-1:0] up_data,
    output logic                 up_credit,
    output logic                 down_valid,
    output logic                 down_head,
    output logic                 down_tail,
    output logic [FLIT_BITS-1:0] down_data,
    input  logic                 down_credit
);
  localparam int W = FLIT_BITS + 3;  // {valid, head, tail, data}
  if (LINK_CYCLES == 1) begin : g_wire
    assign {down_valid, down_head, down_tail, down_data} = {up_valid, up_head, up_tail, up_data};
    assign up_credit = down_credit;
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_clock;  // a wire has no state
    assign unused_clock = clk ^ rst;
    /* verilator lint_on UNUSEDSIGNAL */
  end else begin : g_regs
    logic [W-1:0] flit_q[LINK_CYCLES-1];
    logic         credit_q[LINK_CYCLES-1];
    always_ff @(posedge clk) begin
      for (int s = 0; s < LINK_CYCLES - 1; s++) begin
        if (rst) begin
          flit_q[s]   <= '0;
          credit_q[s] <= 1'b0;
        end else begin
          flit_q[s]   <= s == 0 ? {up_valid, up_head, up_tail, up_data} : flit_q[s-1];
          credit_q[s] <= s == 0 ? down_credit : credit_q[s-1];
        end
      end
    end
    assign {down_valid, down_head, down_tail, down_data} = flit_q[LINK_CYCLES-2];
    assign up_credit = credit_q[LINK_CYCLES-2];
  end
endmodule
