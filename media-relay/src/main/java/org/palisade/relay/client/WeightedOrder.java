package org.palisade.relay.client;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The order in which healthy nodes are asked to take a new call: drawn one at a time at random
 * in proportion to weight, without replacement, so the first choice spreads calls by weight and
 * a failover goes on by weight among the rest.
 */
final class WeightedOrder {

    private WeightedOrder() {
    }

    static List<NodeHealth> of(List<NodeHealth> nodes, RandomGenerator random) {
        List<NodeHealth> left = new ArrayList<>(nodes);
        List<NodeHealth> order = new ArrayList<>(nodes.size());
        while (!left.isEmpty()) {
            long total = 0;
            for (NodeHealth n : left) {
                total += n.node.weight();
            }
            long ticket = random.nextLong(total);
            int i = 0;
            while (ticket >= left.get(i).node.weight()) {
                ticket -= left.get(i).node.weight();
                i++;
            }
            order.add(left.remove(i));
        }
        return order;
    }
}
