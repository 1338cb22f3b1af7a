// Sequencer of one ADC group shared by N crossbars (HARDWARE.md §2.3; docs/timing-model.md): the RTL
// twin of the 1-slot hw::Resource that hw::Pe builds per ADC group and hw::CrossbarUnit's converter
// acquires for T_conv per slice.
//
// A crossbar pulses `req[i]` for one cycle when its sample-and-hold has latched a slice; it pulses
// again only after that slice's `done[i]` (one sample-and-hold per crossbar). The group serves the
// requests first come, first served; requests that arrive in the same cycle are served lowest index
// first. A served crossbar holds the group for
//     T_conv = ceil(C_used / ADCS_PER_GROUP) · T_ADC
// cycles: the ADCs convert ADCS_PER_GROUP columns per T_ADC cycles, counted down from the crossbar's
// `cols_used` (≥ 1) sampled when it is granted. The next conversion starts in the cycle after the
// last one, so the group is never idle while a request waits.
//
// Cycle convention (shared with the harness and with SystemC time: cycle t is [t, t+1) ns at 1 GHz):
// a request in cycle t to an idle group is granted in cycle t itself (`grant` is combinational from
// `req` when the group is idle); `grant[i]` is high in every cycle of crossbar i's conversion, `start`
// in its first and `done[i]` in its last. A conversion granted in cycle g therefore ends (frees the
// ADCs, and the crossbar's sample-and-hold) at g + T_conv, the first cycle after `done`.
//
// Arbitration keeps an age matrix: older_q[i][j] = 1 when pending request i arrived before pending
// request j (same-cycle arrivals: lower index is older). The winner is the pending request no other
// pending request is older than; the matrix needs no counters and no timestamps.
module adc_share_sequencer #(
    parameter int N              = 4,  // crossbars sharing the group (adc.crossbars_per_group)
    parameter int ADCS_PER_GROUP = 1,  // adc.adcs_per_group
    parameter int T_ADC          = 2,  // adc.conversion_cycles: one column per ADC per T_ADC
    parameter int COL_BITS       = 9   // width of a crossbar's C_used
) (
    input  logic                  clk,
    input  logic                  rst,        // synchronous, active high
    input  logic [N-1:0]          req,
    input  logic [N*COL_BITS-1:0] cols_used,  // C_used of crossbar i in bits [i*COL_BITS +: COL_BITS]
    output logic [N-1:0]          grant,      // one-hot: the crossbar converting this cycle
    output logic                  start,
    output logic [IDX_W-1:0]      start_idx,
    output logic [N-1:0]          done,       // one-hot: last cycle of crossbar i's conversion
    output logic [N-1:0]          pending,    // latched slices waiting for the group
    output logic                  busy
);
  localparam int IDX_W = N > 1 ? $clog2(N) : 1;
  localparam int PH_W  = T_ADC > 1 ? $clog2(T_ADC) : 1;

  // State.
  logic [N-1:0]          pend_q;
  logic [N-1:0]          older_q[N];
  logic                  busy_q;
  logic [IDX_W-1:0]      owner_q;
  logic [COL_BITS-1:0]   cols_q;   // columns still to convert, including the current round
  logic [PH_W-1:0]       phase_q;  // cycle within the current T_ADC round

  // Arbitration over the pending requests and this cycle's new ones.
  logic [N-1:0]          cand;
  logic [N-1:0]          older_eff[N];
  logic [N-1:0]          win;
  logic [IDX_W-1:0]      win_idx;
  logic                  win_any;

  always_comb begin
    cand = pend_q | req;
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++)
        if (pend_q[i] && pend_q[j]) older_eff[i][j] = older_q[i][j];
        else if (pend_q[i]) older_eff[i][j] = 1'b1;        // waiting beats new
        else if (pend_q[j]) older_eff[i][j] = 1'b0;
        else older_eff[i][j] = i < j;                       // same cycle: lower index first
    win = '0;
    win_idx = '0;
    for (int w = 0; w < N; w++) begin
      logic beaten;
      beaten = 1'b0;
      for (int j = 0; j < N; j++)
        if (j != w && cand[j] && older_eff[j][w]) beaten = 1'b1;
      if (cand[w] && !beaten) begin
        win[w] = 1'b1;
        win_idx = IDX_W'(w);
      end
    end
    win_any = |win;
  end

  // The conversion in progress (or starting this cycle).
  logic                grant_now, active, last;
  logic [IDX_W-1:0]    owner;
  logic [COL_BITS-1:0] cur_cols;
  logic [PH_W-1:0]     cur_phase;

  always_comb begin
    grant_now = !busy_q && win_any;
    active    = busy_q || grant_now;
    owner     = busy_q ? owner_q : win_idx;
    cur_cols  = busy_q ? cols_q : cols_used[win_idx*COL_BITS+:COL_BITS];
    cur_phase = busy_q ? phase_q : '0;
    last      = active && cur_phase == PH_W'(T_ADC - 1) && cur_cols <= COL_BITS'(ADCS_PER_GROUP);
  end

  assign grant     = active ? N'(1) << owner : '0;
  assign start     = grant_now;
  assign start_idx = win_idx;
  assign done      = last ? N'(1) << owner : '0;
  assign pending   = pend_q;
  assign busy      = busy_q;

  always_ff @(posedge clk) begin
    if (rst) begin
      pend_q  <= '0;
      busy_q  <= 1'b0;
      owner_q <= '0;
      cols_q  <= '0;
      phase_q <= '0;
      for (int i = 0; i < N; i++) older_q[i] <= '0;
    end else begin
      pend_q <= cand & ~(grant_now ? win : '0);
      for (int i = 0; i < N; i++) older_q[i] <= older_eff[i];
      busy_q  <= active && !last;
      owner_q <= owner;
      if (cur_phase == PH_W'(T_ADC - 1)) begin
        phase_q <= '0;
        cols_q  <= cur_cols - COL_BITS'(ADCS_PER_GROUP);
      end else begin
        phase_q <= cur_phase + 1'b1;
        cols_q  <= cur_cols;
      end
    end
  end
endmodule
