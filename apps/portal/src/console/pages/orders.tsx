import { Link } from "react-router";
import { Card, Empty, PageHeader } from "../ui";

/** Orders and payments come from the commerce procedures (`order.*`). */
export default function OrdersPage() {
  return (
    <>
      <PageHeader title="Orders" />
      <Card>
        <Empty>
          Orders appear here once the commerce API is available. Licenses issued by paid orders are under{" "}
          <Link to="/console/licenses">Licenses</Link>.
        </Empty>
      </Card>
    </>
  );
}
