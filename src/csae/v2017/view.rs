//! The frame's zero-copy view: [`FrameView`] reads the CHOICE's extension bit and index and
//! hands the message to its generated view, which reads it in place from bit 4.

crate::csae::day1_frame_view! {
    /// A 2017 `MessageFrame` read in place: the message's view, or an extension alternative's
    /// octets (2017 defines none: a later edition's, such as 2020's Day-2 `msgFrameExt`).
    /// Nothing is allocated.
    ///
    /// [`FrameView::new`] validates the whole frame first, as the owned decode does (all of the
    /// input is used, up to the zero padding of its last octet), so the getters of the message
    /// views that follow do not fail on well-formed input.
    ///
    /// ```
    /// use cv2x::csae::v2017::view::FrameView;
    ///
    /// // A synthetic 2017 SPAT frame (tests/vectors/csae/random/V3/V3_12_spatFrame.hex).
    /// let hex = "30bc21da28708cad846066c481900451c41d8aac217f807fe027f80c";
    /// let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
    /// let FrameView::Spat(spat) = FrameView::new(&bytes)? else { panic!("not a SPAT") };
    /// let intersection = spat.intersections().next().expect("one")?;
    /// let phase = intersection.phases().next().expect("one")?;
    /// let state = phase.phase_states().next().expect("one")?;
    /// println!("phase {}: {}", phase.id().0, state.light().name());
    /// assert_eq!((phase.id().0, state.light().name()), (182, "protected-Movement-Allowed"));
    /// # Ok::<(), cv2x::per::Error>(())
    /// ```
}
