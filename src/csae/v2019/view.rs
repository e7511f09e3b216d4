//! The frame's zero-copy view: [`FrameView`] reads the CHOICE's extension bit and index and
//! hands the message to its generated view, which reads it in place from bit 4.

crate::csae::day1_frame_view! {
    /// A 2019-draft `MessageFrame` read in place: the message's view, or an extension
    /// alternative's octets. Nothing is allocated.
    ///
    /// [`FrameView::new`] validates the whole frame first, as the owned decode does (all of the
    /// input is used, up to the zero padding of its last octet), so the getters of the message
    /// views that follow do not fail on well-formed input.
    ///
    /// ```
    /// use cv2x::csae::v2019::view::FrameView;
    ///
    /// // The real MAP of a Hisense RSU (2020) begins so: one node of 63 at most, its
    /// // reference position and its first link.
    /// # let hex = include_str!("../../../tests/vectors/csae/map/zyjohn_v2x_example_txt_L497.hex").trim();
    /// let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
    /// let FrameView::Map(map) = FrameView::new(&bytes)? else { panic!("not a MAP") };
    /// let node = map.nodes().next().expect("one node")?;
    /// let lat = f64::from(node.ref_pos().lat.0) * 1e-7;
    /// assert!((28.0..28.2).contains(&lat)); // Changsha (read as 2020: -30.95)
    /// # Ok::<(), cv2x::per::Error>(())
    /// ```
}
