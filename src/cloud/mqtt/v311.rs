//! MQTT 3.1.1 through rumqttc's client.

use std::time::Duration;

use rumqttc::{AsyncClient, Event, EventLoop, MqttOptions, Outgoing, Packet, QoS};

use super::{Happened, Session, MAX_PACKET};
use crate::cloud::config::MqttConfig;

/// rumqttc's MQTT 3.1.1 event loop.
pub(crate) struct V311(EventLoop);

impl Session for V311 {
    type Client = AsyncClient;

    fn open(config: &MqttConfig, host: String, port: u16) -> (AsyncClient, Self) {
        let mut options = MqttOptions::new(config.client_id.clone(), host, port);
        options
            .set_keep_alive(Duration::from_secs(config.keep_alive_s.max(5)))
            .set_clean_session(true)
            .set_max_packet_size(MAX_PACKET, MAX_PACKET)
            .set_inflight(config.inflight.clamp(1, u16::MAX as usize) as u16);
        let (client, events) = AsyncClient::new(options, config.inflight.max(1));
        (client, V311(events))
    }

    alike!();

    async fn poll(&mut self) -> Result<Happened, String> {
        Ok(match self.0.poll().await.map_err(|e| e.to_string())? {
            Event::Incoming(Packet::ConnAck(_)) => Happened::Connected,
            Event::Incoming(Packet::PubAck(_)) => Happened::Acked(true),
            Event::Outgoing(Outgoing::Publish(_)) => Happened::Written,
            Event::Incoming(Packet::Publish(p)) => Happened::Message(p.topic, p.payload),
            _ => Happened::Other,
        })
    }
}
