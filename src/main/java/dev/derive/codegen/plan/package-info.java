/**
 * What code to generate, decided without touching bytecode. An
 * {@link dev.derive.codegen.plan.EntryPoint} (one generated method's outputs) has a schedule of
 * nodes in id order; {@link dev.derive.codegen.plan.LoopFinder} finds the runs of it that
 * repeat, as {@link dev.derive.codegen.plan.Loop}s; {@link dev.derive.codegen.plan.LoopPlan}
 * settles what each loop hands on (tapes, gradient stores) and what is recomputed
 * ({@link dev.derive.codegen.plan.Recompute}); {@link dev.derive.codegen.plan.Fusion} pairs
 * loops that may run side by side; and {@link dev.derive.codegen.plan.MethodPlan} cuts it all
 * into methods and gives values that cross methods their scratch slots. Every bound is in
 * {@link dev.derive.codegen.plan.Limits}. Depends on {@code graph} and the code generator's
 * {@code Options} only.
 */
package dev.derive.codegen.plan;
