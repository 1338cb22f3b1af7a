// One router of the mesh NoC (docs/noc.md, HARDWARE.md §4): the RTL twin of hw::noc::Router, which
// hw::noc::MeshCore wires into the mesh. Five ports, numbered as hw/noc/MeshTopology.h numbers them:
// 0 local, 1 east, 2 west, 3 south, 4 north. An input port is named after the side its flits come
// from, an output port after the side it sends to.
//
// - Input buffers: a FIFO of BUFFER_FLITS flits per input. A flit written in cycle c (in_valid) is in
//   the buffer from cycle c + 1 and may leave from cycle c + 1 + ROUTER_CYCLES: route computation,
//   switch allocation and traversal are one pipelined latency, counted by a saturating age per entry.
// - Routing: dimension order, X first. A head flit carries its destination router in its data,
//   x in [COORD_BITS-1:0] and y in [2*COORD_BITS-1:COORD_BITS]; the router's own position is an input.
// - Wormhole: an output is held by one packet from its head to its tail. A free output is granted
//   round robin among the inputs whose ready front flit is a head routed to it, starting at the input
//   after the one whose tail last left through it. Each input sends at most one flit per cycle.
// - Credits: outputs 1-4 start with BUFFER_FLITS credits (the downstream buffer's slots), spend one per
//   flit and get one back for every credit_in pulse, usable from the next cycle. The local output
//   (ejection) needs none: the network interface sinks a flit per cycle.
// - Cycle convention: out_* show the flits leaving in this cycle (combinational from the buffers'
//   state), credit_out[i] that input i freed a slot in this cycle, in_ready[i] that a flit written in
//   this cycle fits (the buffer is not full, or its front leaves now; the NI of the local port uses it,
//   the upstream routers count credits instead). A link of LINK cycles (rtl/noc_link.sv) delays flits
//   and credits by LINK - 1 registers, so a flit leaving in cycle d enters the next buffer at d + LINK
//   and its credit is usable upstream at d' + LINK after it leaves there (d'), as in MeshCore.
module noc_router #(
    parameter int FLIT_BITS     = 32,  // interconnect.flit_bits
    parameter int BUFFER_FLITS  = 8,   // interconnect.buffer_flits
    parameter int ROUTER_CYCLES = 2,   // interconnect.router_cycles
    parameter int COORD_BITS    = 4    // width of a router's x and of its y in the mesh
) (
    input  logic                   clk,
    input  logic                   rst,        // synchronous, active high
    input  logic [COORD_BITS-1:0]  my_x,
    input  logic [COORD_BITS-1:0]  my_y,
    input  logic [4:0]             in_valid,
    input  logic [4:0]             in_head,
    input  logic [4:0]             in_tail,
    input  logic [5*FLIT_BITS-1:0] in_data,    // port p in bits [p*FLIT_BITS +: FLIT_BITS]
    output logic [4:0]             in_ready,
    output logic [4:0]             credit_out,
    input  logic [4:0]             credit_in,  // bit 0 (ejection) is ignored
    output logic [4:0]             out_valid,
    output logic [4:0]             out_head,
    output logic [4:0]             out_tail,
    output logic [5*FLIT_BITS-1:0] out_data
);
  localparam int PORTS = 5;
  localparam int PW    = 3;  // port index width
  localparam int PTR_W = BUFFER_FLITS > 1 ? $clog2(BUFFER_FLITS) : 1;
  localparam int CNT_W = $clog2(BUFFER_FLITS + 1);
  localparam int AGE_W = $clog2(ROUTER_CYCLES + 1);
  localparam int ENTRY = FLIT_BITS + 2;  // {head, tail, data}
  if (FLIT_BITS < 2 * COORD_BITS) $error("noc_router: a head flit must hold the destination's x and y");

  // Input buffers.
  logic [ENTRY-1:0] mem_q[PORTS][BUFFER_FLITS];
  logic [AGE_W-1:0] age_q[PORTS][BUFFER_FLITS];
  logic [PTR_W-1:0] rd_q[PORTS], wr_q[PORTS];
  logic [CNT_W-1:0] count_q[PORTS];
  // Outputs: wormhole owner, round-robin pointer, credits. Inputs: the output their packet holds.
  logic             own_v_q[PORTS];
  logic [PW-1:0]    own_q[PORTS], rr_q[PORTS], hold_q[PORTS];
  logic [CNT_W-1:0] credits_q[PORTS];

  function automatic logic [PTR_W-1:0] next_ptr(logic [PTR_W-1:0] p);
    return p == PTR_W'(BUFFER_FLITS - 1) ? '0 : p + 1'b1;
  endfunction

  // Route computation and requests: each input asks for the output its ready front flit needs.
  logic [ENTRY-1:0] front[PORTS];
  logic             want_v[PORTS];
  logic [PW-1:0]    want[PORTS];
  always_comb begin
    for (int i = 0; i < PORTS; i++) begin
      logic [COORD_BITS-1:0] dx, dy;
      front[i] = mem_q[i][rd_q[i]];
      dx = front[i][COORD_BITS-1:0];
      dy = front[i][2*COORD_BITS-1:COORD_BITS];
      want_v[i] = count_q[i] != '0 && age_q[i][rd_q[i]] == AGE_W'(ROUTER_CYCLES);
      if (!front[i][ENTRY-1]) want[i] = hold_q[i];  // body or tail: the output its head took
      else if (dx > my_x) want[i] = 3'd1;
      else if (dx < my_x) want[i] = 3'd2;
      else if (dy > my_y) want[i] = 3'd3;
      else if (dy < my_y) want[i] = 3'd4;
      else want[i] = 3'd0;
    end
  end

  // Switch allocation: per output, the owning packet or the first asking head in round-robin order.
  logic          gnt_v[PORTS];
  logic [PW-1:0] gnt_i[PORTS];
  function automatic logic [PW-1:0] rr_port(logic [PW-1:0] first, int k);
    return PW'((int'(first) + k) % PORTS);
  endfunction
  always_comb begin
    for (int o = 0; o < PORTS; o++) begin
      gnt_v[o] = 1'b0;
      gnt_i[o] = '0;
      if (o == 0 || credits_q[o] != '0) begin
        if (own_v_q[o]) begin
          if (want_v[own_q[o]] && want[own_q[o]] == PW'(o)) begin
            gnt_v[o] = 1'b1;
            gnt_i[o] = own_q[o];
          end
        end else begin
          for (int k = 0; k < PORTS; k++)
            if (!gnt_v[o] && want_v[rr_port(rr_q[o], k)] && want[rr_port(rr_q[o], k)] == PW'(o) &&
                front[rr_port(rr_q[o], k)][ENTRY-1]) begin
              gnt_v[o] = 1'b1;
              gnt_i[o] = rr_port(rr_q[o], k);
            end
        end
      end
    end
  end

  // Switch traversal.
  logic [PORTS-1:0] pop;
  always_comb begin
    pop = '0;
    for (int o = 0; o < PORTS; o++) begin
      out_valid[o] = gnt_v[o];
      out_head[o]  = gnt_v[o] && front[gnt_i[o]][ENTRY-1];
      out_tail[o]  = gnt_v[o] && front[gnt_i[o]][ENTRY-2];
      out_data[o*FLIT_BITS+:FLIT_BITS] = gnt_v[o] ? front[gnt_i[o]][FLIT_BITS-1:0] : '0;
      if (gnt_v[o]) pop[gnt_i[o]] = 1'b1;
    end
    for (int i = 0; i < PORTS; i++) in_ready[i] = count_q[i] != CNT_W'(BUFFER_FLITS) || pop[i];
  end
  assign credit_out = pop;

  // The local output's credit input has no counter behind it.
  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_credit;
  assign unused_credit = credit_in[0];
  /* verilator lint_on UNUSEDSIGNAL */

  always_ff @(posedge clk) begin
    if (rst) begin
      for (int p = 0; p < PORTS; p++) begin
        rd_q[p]      <= '0;
        wr_q[p]      <= '0;
        count_q[p]   <= '0;
        own_v_q[p]   <= 1'b0;
        own_q[p]     <= '0;
        rr_q[p]      <= '0;
        hold_q[p]    <= '0;
        credits_q[p] <= CNT_W'(BUFFER_FLITS);
        for (int s = 0; s < BUFFER_FLITS; s++) begin
          mem_q[p][s] <= '0;
          age_q[p][s] <= '0;
        end
      end
    end else begin
      for (int p = 0; p < PORTS; p++) begin
        for (int s = 0; s < BUFFER_FLITS; s++)
          if (age_q[p][s] != AGE_W'(ROUTER_CYCLES)) age_q[p][s] <= age_q[p][s] + 1'b1;
        if (in_valid[p]) begin
          mem_q[p][wr_q[p]] <= {in_head[p], in_tail[p], in_data[p*FLIT_BITS+:FLIT_BITS]};
          age_q[p][wr_q[p]] <= '0;
          wr_q[p] <= next_ptr(wr_q[p]);
        end
        if (pop[p]) rd_q[p] <= next_ptr(rd_q[p]);
        count_q[p] <= count_q[p] + CNT_W'(in_valid[p]) - CNT_W'(pop[p]);
        if (p != 0) credits_q[p] <= credits_q[p] - CNT_W'(gnt_v[p]) + CNT_W'(credit_in[p]);
        if (gnt_v[p]) begin
          if (front[gnt_i[p]][ENTRY-2]) begin  // tail: the output is free, its pointer moves past
            own_v_q[p] <= 1'b0;
            rr_q[p]    <= gnt_i[p] == PW'(PORTS - 1) ? '0 : gnt_i[p] + 1'b1;
          end else begin
            own_v_q[p]        <= 1'b1;
            own_q[p]          <= gnt_i[p];
            hold_q[gnt_i[p]]  <= PW'(p);
          end
        end
      end
    end
  end
endmodule
