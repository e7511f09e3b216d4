//! The fixed-time plan simulator (`cv2x::rsu::plan`): ring-and-barrier invariants over
//! whole cycles sampled every 100 ms, countdowns, pedestrians, and refused plans.

use cv2x::rsu::plan::{Interval, PedTiming, PhaseTiming, Plan, PlanError, Simulator, TimingField};
use cv2x::rsu::tscbm::{PedIndication, PhaseColor, SignalState};

const STEP_MS: u64 = 100;

/// A three-ring plan with unequal splits and a zero red clearance, to exercise more than
/// the default's symmetry: two barrier groups, phases in an unusual order.
fn odd_plan() -> Plan {
    let phases = [
        PhaseTiming::vehicle(1, 50, 100, 30, 0),
        PhaseTiming::vehicle(2, 100, 180, 40, 20).with_ped(60, 100),
        PhaseTiming::vehicle(5, 100, 334, 36, 0).with_ped(100, 180),
        PhaseTiming::vehicle(9, 40, 71, 39, 40),
        PhaseTiming::vehicle(10, 40, 180, 30, 10).with_ped(50, 30),
        PhaseTiming::vehicle(3, 50, 120, 30, 20),
        PhaseTiming::vehicle(4, 50, 63, 33, 4).with_ped(40, 56),
        PhaseTiming::vehicle(16, 50, 210, 40, 20).with_ped(70, 170),
        PhaseTiming::vehicle(12, 100, 200, 35, 35).with_ped(100, 100),
    ];
    // Group 1: 370 tenths in each ring; group 2: 270.
    let rings: &[&[&[u8]]] = &[&[&[1, 2], &[3, 4]], &[&[5], &[16]], &[&[9, 10], &[12]]];
    Plan::new(640, &phases, rings).unwrap()
}

fn plans() -> Vec<(&'static str, Plan)> {
    vec![
        ("four_leg_default", Plan::four_leg_default()),
        ("odd", odd_plan()),
    ]
}

fn samples(plan: &Plan) -> impl Iterator<Item = u64> {
    let cycle_ms = u64::from(plan.cycle_tenths()) * 100;
    (0..cycle_ms).step_by(STEP_MS as usize)
}

fn color(s: &SignalState, p: u8) -> PhaseColor {
    s.phase(p).unwrap().color
}

#[test]
fn default_plan_shape() {
    let plan = Plan::four_leg_default();
    assert_eq!(plan.cycle_tenths(), 900);
    assert_eq!(plan.ring_count(), 2);
    assert_eq!(plan.barrier_group_count(), 2);
    assert_eq!(
        plan.phase_numbers().collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7, 8]
    );
    for (r, g, seq) in [
        (1, 1, [1, 2]),
        (1, 2, [3, 4]),
        (2, 1, [5, 6]),
        (2, 2, [7, 8]),
    ] {
        assert_eq!(plan.sequence(r, g).collect::<Vec<_>>(), seq);
    }
    // Peds on the throughs only.
    for p in 1..=8 {
        assert_eq!(
            plan.timing(p).unwrap().ped.is_some(),
            p % 2 == 0,
            "phase {p}"
        );
    }
    let sim = Simulator::new(plan.clone());
    for p in 9..=16 {
        let s = sim.state_at(0);
        assert_eq!(color(&s, p), PhaseColor::Dark);
        assert_eq!(s.phase(p).unwrap().countdown, None);
        assert_eq!(s.ped(p).unwrap().indication, PedIndication::Dark);
    }
    // Lefts and non-ped phases have dark pedestrian signals.
    assert_eq!(
        sim.state_at(0).ped(1).unwrap().indication,
        PedIndication::Dark
    );
    // Overlaps are dark; nothing flashes.
    let s = sim.state_at(12_300);
    assert!(s
        .overlaps
        .iter()
        .all(|o| o.color == PhaseColor::Dark && o.countdown.is_none()));
    assert!(s.phases.iter().all(|p| !p.flashing));
}

#[test]
fn one_phase_per_ring_and_no_conflicting_greens() {
    for (name, plan) in plans() {
        let sim = Simulator::new(plan.clone());
        let phases: Vec<u8> = plan.phase_numbers().collect();
        for t in samples(&plan) {
            let s = sim.state_at(t);
            for ring in 1..=plan.ring_count() {
                let in_ring: Vec<u8> = phases
                    .iter()
                    .copied()
                    .filter(|&p| plan.ring_of(p) == Some(ring))
                    .collect();
                // Exactly one phase holds the ring (green, yellow or red clearance) ...
                let holding: Vec<u8> = in_ring
                    .iter()
                    .copied()
                    .filter(|&p| sim.interval_at(p, t).unwrap().interval != Interval::Red)
                    .collect();
                assert_eq!(holding.len(), 1, "{name} t={t} ring {ring}: {holding:?}");
                assert_eq!(sim.active_phase(ring, t), Some(holding[0]));
                // ... and at most that one is not red.
                let not_red: Vec<u8> = in_ring
                    .iter()
                    .copied()
                    .filter(|&p| color(&s, p) != PhaseColor::Red)
                    .collect();
                assert!(not_red.len() <= 1, "{name} t={t} ring {ring}: {not_red:?}");
                if let Some(&p) = not_red.first() {
                    assert_eq!(p, holding[0], "{name} t={t}");
                }
            }
            for &a in &phases {
                for &b in &phases {
                    if a < b && !plan.concurrent(a, b) {
                        assert!(
                            color(&s, a) == PhaseColor::Red || color(&s, b) == PhaseColor::Red,
                            "{name} t={t}: conflicting phases {a} and {b} both not red"
                        );
                        assert!(
                            !(color(&s, a) == PhaseColor::Green
                                && color(&s, b) == PhaseColor::Green),
                            "{name} t={t}: conflicting phases {a} and {b} both green"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn concurrency_follows_the_barriers() {
    let plan = Plan::four_leg_default();
    for (a, b, concurrent) in [
        (1, 5, true),
        (1, 6, true),
        (2, 5, true),
        (2, 6, true),
        (3, 7, true),
        (4, 8, true),
        (4, 7, true),
        (1, 2, false),
        (2, 4, false),
        (2, 8, false),
        (6, 3, false),
        (5, 6, false),
        (2, 2, false),
        (2, 9, false),
    ] {
        assert_eq!(plan.concurrent(a, b), concurrent, "{a} {b}");
        assert_eq!(plan.concurrent(b, a), concurrent, "{b} {a}");
    }
    // Both rings cross each barrier together: all of group 1 is red at the start of group 2.
    let sim = Simulator::new(plan);
    let s = sim.state_at(50_000);
    for p in [1, 2, 5, 6] {
        assert_eq!(color(&s, p), PhaseColor::Red);
    }
    assert_eq!(color(&s, 3), PhaseColor::Green);
    assert_eq!(color(&s, 7), PhaseColor::Green);
}

/// The colour runs of one phase over a cycle starting at its green: (colour, duration ms).
fn runs(sim: &Simulator, phase: u8) -> Vec<(PhaseColor, u64)> {
    let plan = sim.plan();
    let start = u64::from(plan.start_tenths(phase).unwrap()) * 100;
    let mut out: Vec<(PhaseColor, u64)> = Vec::new();
    for t in samples(plan) {
        let c = color(&sim.state_at(start + t), phase);
        match out.last_mut() {
            Some((last, d)) if *last == c => *d += STEP_MS,
            _ => out.push((c, STEP_MS)),
        }
    }
    out
}

#[test]
fn green_then_yellow_then_red_clearance_of_the_configured_durations() {
    for (name, plan) in plans() {
        let sim = Simulator::new(plan.clone());
        for t in plan.timings() {
            let p = t.phase;
            let ms = |tenths: u16| u64::from(tenths) * 100;
            let cycle = u64::from(plan.cycle_tenths()) * 100;
            let red = cycle - ms(t.green_tenths) - ms(t.yellow_tenths);
            assert_eq!(
                runs(&sim, p),
                [
                    (PhaseColor::Green, ms(t.green_tenths)),
                    (PhaseColor::Yellow, ms(t.yellow_tenths)),
                    (PhaseColor::Red, red),
                ],
                "{name} phase {p}"
            );
            // The red begins with exactly the red clearance, during which the phase still
            // holds its ring; then the ring moves on.
            let start = ms(plan.start_tenths(p).unwrap());
            let yellow_end = start + ms(t.green_tenths) + ms(t.yellow_tenths);
            let ring = plan.ring_of(p).unwrap();
            for k in 0..ms(t.red_clear_tenths) / STEP_MS {
                let at = yellow_end + k * STEP_MS;
                let i = sim.interval_at(p, at).unwrap();
                assert_eq!(
                    i.interval,
                    Interval::RedClearance,
                    "{name} phase {p} t={at}"
                );
                assert_eq!(i.remaining_ms, ms(t.red_clear_tenths) - k * STEP_MS);
                assert_eq!(sim.active_phase(ring, at), Some(p));
                assert_eq!(color(&sim.state_at(at), p), PhaseColor::Red);
            }
            let after = yellow_end + ms(t.red_clear_tenths);
            assert_eq!(sim.interval_at(p, after).unwrap().interval, Interval::Red);
            assert_ne!(sim.active_phase(ring, after), Some(p), "{name} phase {p}");
            // The ring's next phase starts exactly at the end of the red clearance.
            let next = sim.active_phase(ring, after).unwrap();
            assert_eq!(
                u64::from(plan.start_tenths(next).unwrap()) * 100,
                after % cycle,
                "{name} phase {p} -> {next}"
            );
            assert_eq!(color(&sim.state_at(after), next), PhaseColor::Green);
        }
    }
}

#[test]
fn countdowns_tick_down_and_hit_zero_at_the_change() {
    for (name, plan) in plans() {
        let sim = Simulator::new(plan.clone());
        let cycle = u64::from(plan.cycle_tenths()) * 100;
        // Two cycles, so every change is seen from both sides.
        for t in (0..2 * cycle).step_by(STEP_MS as usize) {
            let now = sim.state_at(t);
            let next = sim.state_at(t + STEP_MS);
            for p in plan.phase_numbers() {
                let c = now.phase(p).unwrap().countdown.unwrap();
                assert_eq!(c.min_tenths, c.max_tenths, "{name} t={t} phase {p}");
                assert!(
                    c.min_tenths >= 1,
                    "{name} t={t} phase {p}: zero while showing"
                );
                let nc = next.phase(p).unwrap().countdown.unwrap();
                if color(&now, p) == color(&next, p) {
                    assert_eq!(nc.min_tenths + 1, c.min_tenths, "{name} t={t} phase {p}");
                } else {
                    // It would have reached 0 exactly now.
                    assert_eq!(c.min_tenths, 1, "{name} t={t} phase {p}");
                }
                // The change lands exactly where the countdown says.
                let change = t + u64::from(c.min_tenths) * 100;
                assert_eq!(color(&sim.state_at(change - STEP_MS), p), color(&now, p));
                assert_ne!(color(&sim.state_at(change), p), color(&now, p));

                if let Some(ped) = now.ped(p).unwrap().countdown {
                    let np = next.ped(p).unwrap();
                    assert_eq!(ped.min_tenths, ped.max_tenths);
                    if now.ped(p).unwrap().indication == np.indication {
                        assert_eq!(np.countdown.unwrap().min_tenths + 1, ped.min_tenths);
                    } else {
                        assert_eq!(ped.min_tenths, 1, "{name} t={t} ped {p}");
                    }
                }
            }
        }
    }
}

#[test]
fn peds_walk_only_on_green_then_clear_then_dont_walk() {
    for (name, plan) in plans() {
        let sim = Simulator::new(plan.clone());
        for t in plan.timings() {
            let p = t.phase;
            let Some(PedTiming {
                walk_tenths,
                clear_tenths,
            }) = t.ped
            else {
                for at in samples(&plan) {
                    let ped = *sim.state_at(at).ped(p).unwrap();
                    assert_eq!(ped.indication, PedIndication::Dark);
                    assert_eq!(ped.countdown, None);
                }
                continue;
            };
            let start = u64::from(plan.start_tenths(p).unwrap()) * 100;
            let mut seen: Vec<(PedIndication, u64)> = Vec::new();
            for at in samples(&plan) {
                let s = sim.state_at(start + at);
                let ped = s.ped(p).unwrap();
                if ped.indication == PedIndication::Walk {
                    assert_eq!(color(&s, p), PhaseColor::Green, "{name} phase {p} t={at}");
                }
                if ped.indication == PedIndication::PedClear {
                    assert_ne!(color(&s, p), PhaseColor::Red, "{name} phase {p} t={at}");
                }
                assert!(!ped.call && !ped.detect);
                match seen.last_mut() {
                    Some((last, d)) if *last == ped.indication => *d += STEP_MS,
                    _ => seen.push((ped.indication, STEP_MS)),
                }
            }
            let cycle = u64::from(plan.cycle_tenths()) * 100;
            let (w, c) = (u64::from(walk_tenths) * 100, u64::from(clear_tenths) * 100);
            assert_eq!(
                seen,
                [
                    (PedIndication::Walk, w),
                    (PedIndication::PedClear, c),
                    (PedIndication::DontWalk, cycle - w - c),
                ],
                "{name} phase {p}"
            );
        }
    }
}

#[test]
fn the_cycle_repeats_and_time_is_pure() {
    for (_, plan) in plans() {
        let sim = Simulator::new(plan.clone());
        let cycle = u64::from(plan.cycle_tenths()) * 100;
        for t in samples(&plan).step_by(7) {
            let a = sim.state_at(t);
            for k in [1u64, 2, 17, 1_000_003] {
                let b = sim.state_at(t + k * cycle);
                assert_eq!(a.phases, b.phases);
                assert_eq!(a.peds, b.peds);
            }
            // Asking twice, or out of order, gives the same answer.
            assert_eq!(sim.state_at(t), a);
        }
    }
    // The counter and the time of day follow the elapsed time.
    let sim = Simulator::new(Plan::four_leg_default()).starting_at(86_399_900);
    let s = sim.state_at(25_700);
    assert_eq!(s.sequence, 1);
    assert_eq!((s.seconds_of_day, s.milliseconds), (25, 600));
}

#[test]
fn default_timing_at_known_instants() {
    let sim = Simulator::new(Plan::four_leg_default());
    // (t ms, phase, colour, countdown tenths)
    for (t, p, c, cd) in [
        (0, 1, PhaseColor::Green, 90),
        (0, 5, PhaseColor::Green, 90),
        (0, 2, PhaseColor::Red, 140),
        (0, 4, PhaseColor::Red, 620),
        (9_000, 1, PhaseColor::Yellow, 30),
        (12_000, 1, PhaseColor::Red, 780),
        (14_000, 2, PhaseColor::Green, 300),
        (44_000, 2, PhaseColor::Yellow, 40),
        (48_000, 2, PhaseColor::Red, 560),
        (50_000, 3, PhaseColor::Green, 70),
        (62_000, 8, PhaseColor::Green, 225),
        (84_500, 8, PhaseColor::Yellow, 35),
        (88_000, 8, PhaseColor::Red, 640),
        (89_900, 1, PhaseColor::Red, 1),
    ] {
        let s = sim.state_at(t);
        let m = s.phase(p).unwrap();
        assert_eq!(m.color, c, "t={t} phase {p}");
        assert_eq!(m.countdown.unwrap().min_tenths, cd, "t={t} phase {p}");
    }
    let s = sim.state_at(14_000);
    assert_eq!(s.ped(2).unwrap().indication, PedIndication::Walk);
    assert_eq!(s.ped(2).unwrap().countdown.unwrap().min_tenths, 70);
    assert_eq!(s.ped(4).unwrap().indication, PedIndication::DontWalk);
    assert_eq!(s.ped(4).unwrap().countdown.unwrap().min_tenths, 480);
}

fn two_phase() -> [PhaseTiming; 2] {
    [
        PhaseTiming::vehicle(2, 100, 300, 40, 20).with_ped(70, 150),
        PhaseTiming::vehicle(4, 100, 200, 35, 25),
    ]
}

#[test]
fn invalid_plans_are_refused() {
    let ok = two_phase();
    let ring: &[&[&[u8]]] = &[&[&[2, 4]]];
    assert!(Plan::new(620, &ok, ring).is_ok());

    let with = |f: fn(&mut [PhaseTiming; 2])| {
        let mut p = two_phase();
        f(&mut p);
        Plan::new(620, &p, ring)
    };
    assert_eq!(with(|p| p[0].phase = 0), Err(PlanError::PhaseNumber(0)));
    assert_eq!(with(|p| p[0].phase = 17), Err(PlanError::PhaseNumber(17)));
    assert_eq!(with(|p| p[1].phase = 2), Err(PlanError::DuplicatePhase(2)));
    assert_eq!(
        with(|p| p[0].min_green_tenths = 0),
        Err(PlanError::ZeroTime {
            phase: 2,
            field: TimingField::MinGreen
        })
    );
    assert_eq!(
        with(|p| p[1].yellow_tenths = 0),
        Err(PlanError::ZeroTime {
            phase: 4,
            field: TimingField::Yellow
        })
    );
    assert_eq!(
        with(|p| p[0].ped.as_mut().unwrap().walk_tenths = 0),
        Err(PlanError::ZeroTime {
            phase: 2,
            field: TimingField::Walk
        })
    );
    assert_eq!(
        with(|p| p[0].ped.as_mut().unwrap().clear_tenths = 0),
        Err(PlanError::ZeroTime {
            phase: 2,
            field: TimingField::PedClear
        })
    );
    assert_eq!(
        with(|p| p[1].min_green_tenths = 201),
        Err(PlanError::GreenBelowMinimum {
            phase: 4,
            green_tenths: 200,
            min_green_tenths: 201
        })
    );
    // Walk + clearance may run into the yellow (300 + 40), not past it ...
    assert!(with(|p| p[0].ped = Some(PedTiming {
        walk_tenths: 70,
        clear_tenths: 270
    }))
    .is_ok());
    assert_eq!(
        with(|p| p[0].ped = Some(PedTiming {
            walk_tenths: 70,
            clear_tenths: 271
        })),
        Err(PlanError::PedTooLong {
            phase: 2,
            walk_tenths: 70,
            clear_tenths: 271
        })
    );
    // ... and the walk must end within the green.
    assert_eq!(
        with(|p| p[0].ped = Some(PedTiming {
            walk_tenths: 301,
            clear_tenths: 10
        })),
        Err(PlanError::PedTooLong {
            phase: 2,
            walk_tenths: 301,
            clear_tenths: 10
        })
    );

    // Structure.
    assert_eq!(Plan::new(620, &ok, &[]), Err(PlanError::RingCount(0)));
    let five: &[&[&[u8]]] = &[&[&[2]], &[&[4]], &[&[5]], &[&[6]], &[&[7]]];
    assert_eq!(Plan::new(620, &ok, five), Err(PlanError::RingCount(5)));
    assert_eq!(
        Plan::new(620, &ok, &[&[&[2, 3]]]),
        Err(PlanError::MissingTiming(3))
    );
    assert_eq!(
        Plan::new(620, &ok, &[&[&[2, 4, 2]]]),
        Err(PlanError::DuplicatePhase(2))
    );
    assert_eq!(
        Plan::new(620, &ok, &[&[&[2, 20]]]),
        Err(PlanError::PhaseNumber(20))
    );
    assert_eq!(
        Plan::new(360, &ok, &[&[&[2]]]),
        Err(PlanError::UnusedPhase(4))
    );
    assert_eq!(
        Plan::new(620, &ok, &[&[&[2], &[]]]),
        Err(PlanError::EmptySequence { ring: 1, group: 2 })
    );
    assert_eq!(
        Plan::new(620, &ok, &[&[&[2, 4]], &[]]),
        Err(PlanError::BarrierCount {
            ring: 2,
            groups: 0,
            expected: 1
        })
    );
    // Two rings side by side whose sequences do not reach the barrier together.
    assert_eq!(
        Plan::new(360, &ok, &[&[&[2]], &[&[4]]]),
        Err(PlanError::BarrierMismatch {
            group: 1,
            ring: 2,
            ring_tenths: 260,
            barrier_tenths: 360
        })
    );
    assert_eq!(
        Plan::new(900, &ok, ring),
        Err(PlanError::CycleMismatch {
            declared_tenths: 900,
            computed_tenths: 620
        })
    );
    let long = [
        PhaseTiming::vehicle(1, 100, 40_000, 40, 20),
        PhaseTiming::vehicle(2, 100, 40_000, 40, 20),
    ];
    assert_eq!(
        Plan::new(u16::MAX, &long, &[&[&[1], &[2]]]),
        Err(PlanError::CycleTooLong(80_120))
    );
    // The default passes its own rules; errors read well.
    assert_eq!(
        PlanError::BarrierMismatch {
            group: 1,
            ring: 2,
            ring_tenths: 260,
            barrier_tenths: 360
        }
        .to_string(),
        "ring 2 runs 260 tenths in barrier group 1, ring 1 runs 360"
    );
}

#[test]
fn barrier_mismatch_in_the_default_layout() {
    // The default layout with phase 6 one second shorter: ring 2 misses the barrier.
    let mut phases: Vec<PhaseTiming> = Plan::four_leg_default().timings().copied().collect();
    phases[5].green_tenths -= 10;
    let rings: &[&[&[u8]]] = &[&[&[1, 2], &[3, 4]], &[&[5, 6], &[7, 8]]];
    assert_eq!(
        Plan::new(900, &phases, rings),
        Err(PlanError::BarrierMismatch {
            group: 1,
            ring: 2,
            ring_tenths: 490,
            barrier_tenths: 500
        })
    );
}

#[cfg(feature = "serde")]
#[test]
fn plan_json_round_trip_and_validation() {
    let plan = Plan::four_leg_default();
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["cycle_tenths"], 900);
    assert_eq!(
        json["rings"],
        serde_json::json!([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    );
    assert_eq!(json["phases"][1]["ped"]["walk_tenths"], 70);
    assert!(json["phases"][0].get("ped").is_none());
    let back: Plan = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, plan);
    assert_eq!(
        serde_json::from_value::<Plan>(serde_json::to_value(odd_plan()).unwrap()).unwrap(),
        odd_plan()
    );

    let text = r#"{
        "cycle_tenths": 620,
        "phases": [
            {"phase": 2, "min_green_tenths": 100, "green_tenths": 300, "yellow_tenths": 40,
             "red_clear_tenths": 20, "ped": {"walk_tenths": 70, "clear_tenths": 150}},
            {"phase": 4, "min_green_tenths": 100, "green_tenths": 200, "yellow_tenths": 35,
             "red_clear_tenths": 25}
        ],
        "rings": [[[2, 4]]]
    }"#;
    let plan: Plan = serde_json::from_str(text).unwrap();
    assert_eq!(plan, Plan::new(620, &two_phase(), &[&[&[2, 4]]]).unwrap());
    let bad = text.replace("620", "600");
    let err = serde_json::from_str::<Plan>(&bad).unwrap_err().to_string();
    assert!(err.contains("declared cycle 600"), "{err}");
}
